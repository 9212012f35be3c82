"""Relevance, measured: a fixed data set of freelancers (dataset.py), a judgement list of
queries with graded relevant profiles derived from the data set by written rules
(judgements.py), the measures (metrics.py: NDCG@10, MRR, zero-result rate) and the run that
puts them together (evaluate.py).

Like the demo data, this package sits on top of the apps: it writes members through their
services and reads the demo taxonomy. Only the benchmark (benchmarks/relevance.py) and the
tests (tests/marketplace/search/test_relevance.py) import it."""
