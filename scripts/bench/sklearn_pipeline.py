"""The peer `npm run bench` measures `npm run score` against: what a Python team would run to label a CSV.

  python3 sklearn_pipeline.py fit   TRAIN.csv MODEL.pkl             # TF-IDF + LinearSVC on text,category (not timed)
  python3 sklearn_pipeline.py score MODEL.pkl IN.csv OUT.csv        # read the CSV, predict, write a CSV (timed, end to end)

Only the standard library, numpy and scikit-learn (Debian's python3-sklearn): no pandas, which that package lacks.
"""
import csv
import pickle
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC


def fit(train_path, model_path):
    with open(train_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Character 2-5-grams within words: the kind of features the default model reads, so accuracy is comparable.
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        LinearSVC(C=0.5),
    )
    pipeline.fit([r["text"] for r in rows], [r["category"] for r in rows])
    with open(model_path, "wb") as f:
        pickle.dump(pipeline, f)


def score(model_path, in_path, out_path):
    with open(model_path, "rb") as f:
        pipeline = pickle.load(f)
    with open(in_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labels = pipeline.predict([r["text"] for r in rows])
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "label"])
        writer.writerows(zip((r["id"] for r in rows), labels))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"fit": fit, "score": score}[command](*args)
