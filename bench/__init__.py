"""The benchmark behind `panelbot bench`: indexing throughput, re-indexing, and serving at growing sizes."""
