"""Measuring and improving answers on labelled questions: evaluation (`panelbot eval`) and tuning the model
(`panelbot tune`)."""
