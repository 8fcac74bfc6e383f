"""Record scikit-learn's n-gram counts and tf-idf values as references for
the ONNX TfIdfVectorizer kernel (format/onnx/ops/tfidfvectorizer_test.go).

scikit-learn's vocabulary becomes the string pool and its idf_ the weights,
as sklearn-onnx converts a vectorizer; CountVectorizer gives mode TF,
TfidfVectorizer(binary=True, norm=None) mode IDF and
TfidfVectorizer(norm=None) mode TFIDF. Rows hold the same number of tokens
so that no padding forms n-grams, and every whitespace-separated word is a
token, as the kernel sees them.

Run with Debian's python3: /usr/bin/python3 scripts/gen_tfidf.py
"""

import json
import os

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

DOCS = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "a cat and a dog met",
    "on the mat the cat sat",
]
QUERY = ["the cat sat on a log", "dog dog the mat the mat", "zebra on the mat sat cat"]


def pool(vec):
    """Splits a fitted vocabulary into the ONNX pool: n-grams grouped by length."""
    by_len = {}
    for gram, index in vec.vocabulary_.items():
        by_len.setdefault(len(gram.split()), []).append((gram, index))
    strings, counts, indexes = [], [], []
    for n in range(1, max(by_len) + 1):
        counts.append(len(strings))
        for gram, index in sorted(by_len.get(n, [])):
            strings.extend(gram.split())
            indexes.append(index)
    return strings, counts, indexes


def case(name, mode, vec, min_gram, max_gram):
    vec.fit(DOCS)
    strings, counts, indexes = pool(vec)
    out = {
        "name": name,
        "mode": mode,
        "min_gram_length": min_gram,
        "max_gram_length": max_gram,
        "pool_strings": strings,
        "ngram_counts": counts,
        "ngram_indexes": indexes,
        "input": [q.split() for q in QUERY],
        "want": vec.transform(QUERY).toarray().tolist(),
    }
    if mode != "TF":
        out["weights"] = [float(w) for w in vec.idf_]
    return out


def main():
    cases = [
        case("tf unigrams and bigrams", "TF", CountVectorizer(ngram_range=(1, 2), token_pattern=r"\S+"), 1, 2),
        case("tf only bigrams", "TF", CountVectorizer(ngram_range=(2, 2), token_pattern=r"\S+"), 2, 2),
        case("idf", "IDF", TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\S+", binary=True, norm=None), 1, 2),
        case("tfidf", "TFIDF", TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\S+", norm=None), 1, 2),
        case("tfidf trigrams", "TFIDF", TfidfVectorizer(ngram_range=(1, 3), token_pattern=r"\S+", norm=None), 1, 3),
    ]
    path = os.path.join(os.path.dirname(__file__), "..", "format", "onnx", "ops", "testdata", "tfidf.json")
    with open(path, "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
