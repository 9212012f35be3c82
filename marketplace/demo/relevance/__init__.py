"""Relevance, measured: a fixed data set of freelancers (who: population.py, each a Person of
person.py, written by dataset.py), a judgement list of queries with graded relevant profiles
derived from the data set by written rules (judgements.py), the measures (metrics.py: NDCG@10,
MRR, zero-result rate) and the run that puts them together (evaluate.py).

Part of the demo app, on top of the layers: it writes members through their services and reads
the demo taxonomy. Only the benchmark (benchmarks/relevance.py) and the tests
(tests/marketplace/search/test_relevance.py) import it."""
