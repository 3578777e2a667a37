"""The versions of every rule an index is built by, in one place. Each is recorded in the build's meta; a build
whose versions differ from these is brought up to date by the next `panelbot index` (what it redoes is said
beside each)."""

SCHEMA_VERSION = "3"      # the files and tables of a build (store.py, write.py): everything is built again (3: bodies)
SPLIT_VERSION = "32"      # how documents are split into chunks (indexer/split.py): every document split again
STEMMER_VERSION = "snowball-english+roles+fillers+shorthand"   # how text/terms.py stems words: rebuilt
REGISTER_VERSION = "19"    # the meetings, decisions and spellings register (indexer/register.py): register again
# The sentences each chunk is quoted by and the words of each that are embedded (text/quotable.py, and the rules
# of text/sentences.py they use; a test pins them): the sentences not embedded before are embedded
SENTENCES_VERSION = "2"   # 2: no undotted paragraph number
# How a build stores its sentences' vectors; one without holds none and embeds them as questions come
SENTENCE_VECTORS = "float16"
