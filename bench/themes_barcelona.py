"""Themes on the 10,860 Barcelona proposals: time, memory and NMI against plain TF-IDF + k-means."""
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score as nmi

from app.analysis.themes import find_themes

from .common import barcelona, report, timed


def main() -> None:
    texts, truth = barcelona()
    results = {"texts": len(texts), "reference_classes": len(set(truth))}
    with timed(results, "plain_seconds"):
        vectors = TfidfVectorizer(min_df=2, max_df=0.5, sublinear_tf=True).fit_transform(texts)
        plain = KMeans(29, random_state=0).fit_predict(vectors)
    with timed(results, "majlis_k29_seconds"):
        ours = find_themes(texts, k=29)
    with timed(results, "majlis_auto_k_seconds"):
        auto = find_themes(texts)
    results.update({
        "plain_nmi": round(nmi(truth, plain), 4),
        "majlis_k29_nmi": round(nmi(truth, ours.assignments), 4),
        "auto_k": auto.k,
        "majlis_auto_k_nmi": round(nmi(truth, auto.assignments), 4),
    })
    results["nmi_ratio"] = round(results["majlis_k29_nmi"] / results["plain_nmi"], 2)
    results["time_ratio"] = round(results["majlis_k29_seconds"] / results["plain_seconds"], 2)
    seeds = (1, 2, 3)
    plain_runs = [nmi(truth, KMeans(29, random_state=s).fit_predict(vectors)) for s in seeds]
    ours_runs = [nmi(truth, find_themes(texts, k=29, seed=s).assignments) for s in seeds]
    results["plain_nmi_seeds_1_2_3"] = [round(x, 4) for x in plain_runs]
    results["majlis_nmi_seeds_1_2_3"] = [round(x, 4) for x in ours_runs]
    results["nmi_ratio_of_means_seeds_0_to_3"] = round(
        (sum(ours_runs) + results["majlis_k29_nmi"]) / (sum(plain_runs) + results["plain_nmi"]), 2)
    report("themes_barcelona", results)


if __name__ == "__main__":
    main()
