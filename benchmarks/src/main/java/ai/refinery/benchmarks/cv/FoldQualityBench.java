package ai.refinery.benchmarks.cv;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.cv.FoldTransformer;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.StratifiedGroupKFold;
import ai.refinery.cv.StratifiedKFold;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark 1 of the cv issue: fold quality of StratifiedKFold, GroupKFold and StratifiedGroupKFold
 * against scikit-learn 1.2.1 on the shared real datasets, both measured in this run (scikit-learn
 * through benchmarks/python/fold_quality.py with Debian's python3).
 *
 * <p>usage: {@code benchmarks/run cv.FoldQualityBench [seeds, default 42,0,1,...,9]} Prints one
 * line per (dataset, splitter): the worst value over the seeds of max per-fold class count
 * deviation from the ideal n(class)/k, max class-share deviation, fold-size spread, and for grouped
 * data the groups split across folds, ours next to scikit-learn's.
 */
public final class FoldQualityBench {
  private static final int K = 5;

  private FoldQualityBench() {}

  public static void main(String[] args) throws Exception {
    String seedsArg = args.length > 0 ? args[0] : "42,0,1,2,3,4,5,6,7,8,9";
    long[] seeds =
        java.util.Arrays.stream(seedsArg.split(",")).mapToLong(Long::parseLong).toArray();
    String dataDir = BenchSession.dataDir();
    Map<String, FoldStats> sk = sklearn(dataDir, seedsArg);
    SparkSession spark = BenchSession.get("cv-fold-quality");
    try {
      System.out.printf(
          "%-14s %-32s | %28s | %28s | %13s | %13s%n",
          "dataset",
          "splitter (worst over seeds)",
          "max |n(c,f)-n(c)/k| ours/sk",
          "max share dev ours/sk",
          "spread ours/sk",
          "split grp o/s");
      String[] plain = {"credit_g", "breast_cancer", "pima2", "satellite", "verbagg"};
      for (String name : plain) {
        Dataset<Row> df =
            spark
                .read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(dataDir + "/" + name + ".csv")
                .cache();
        report(
            name,
            "stratified_kfold",
            df,
            null,
            seeds,
            s -> new StratifiedKFold().setNumFolds(K).setSeed(s),
            sk);
        if (name.equals("verbagg")) {
          report(
              name,
              "group_kfold",
              df,
              "subject_id",
              seeds,
              s -> new GroupKFold().setGroupCol("subject_id").setNumFolds(K).setSeed(s),
              sk);
          report(
              name,
              "stratified_group_kfold",
              df,
              "subject_id",
              seeds,
              s ->
                  new StratifiedGroupKFold()
                      .setGroupCol("subject_id")
                      .setNumFolds(K)
                      .setShuffle(false)
                      .setSeed(s),
              sk);
          report(
              name,
              "stratified_group_kfold_shuffle",
              df,
              "subject_id",
              seeds,
              s -> new StratifiedGroupKFold().setGroupCol("subject_id").setNumFolds(K).setSeed(s),
              sk);
        }
        df.unpersist();
      }
    } finally {
      spark.stop();
    }
  }

  private static void report(
      String name,
      String splitter,
      Dataset<Row> df,
      String groupCol,
      long[] seeds,
      LongFunction<FoldTransformer> make,
      Map<String, FoldStats> sk) {
    FoldStats ours = null;
    for (long s : seeds) {
      FoldStats st = FoldStats.of(make.apply(s).transform(df), "label", "fold", groupCol, K);
      ours = worst(ours, st);
    }
    FoldStats theirs = sk.get(name + "/" + splitter);
    System.out.printf(
        "%-14s %-32s | %13.4f %14.4f | %13.6f %14.6f | %6d %6d | %6s %6s%n",
        name,
        splitter,
        ours.maxCountDev(),
        theirs.maxCountDev(),
        ours.maxPropDev(),
        theirs.maxPropDev(),
        ours.sizeSpread(),
        theirs.sizeSpread(),
        groupCol == null ? "-" : String.valueOf(ours.groupsSplit()),
        groupCol == null ? "-" : String.valueOf(theirs.groupsSplit()));
  }

  private static FoldStats worst(FoldStats a, FoldStats b) {
    if (a == null) {
      return b;
    }
    return new FoldStats(
        Math.max(a.maxCountDev(), b.maxCountDev()),
        Math.max(a.maxPropDev(), b.maxPropDev()),
        Math.max(a.sizeSpread(), b.sizeSpread()),
        a.disjoint() == null ? null : a.disjoint() && b.disjoint(),
        Math.max(a.groupsSplit(), b.groupsSplit()));
  }

  /** scikit-learn's figures, worst over the seeds, keyed dataset/splitter. */
  private static Map<String, FoldStats> sklearn(String dataDir, String seeds) throws Exception {
    Process p =
        new ProcessBuilder("/usr/bin/python3", "benchmarks/python/fold_quality.py", dataDir, seeds)
            .redirectErrorStream(true)
            .start();
    Map<String, FoldStats> out = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (!line.startsWith("{")) {
          continue;
        }
        com.fasterxml.jackson.databind.JsonNode n = json.readTree(line);
        FoldStats st =
            new FoldStats(
                n.get("max_count_dev").asDouble(),
                n.get("max_prop_dev").asDouble(),
                n.get("size_spread").asLong(),
                n.has("disjoint") ? n.get("disjoint").asBoolean() : null,
                n.has("groups_split") ? n.get("groups_split").asLong() : 0);
        out.merge(
            n.get("dataset").asText() + "/" + n.get("splitter").asText(),
            st,
            FoldQualityBench::worst);
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("fold_quality.py failed:\n" + String.join("\n", lines));
    }
    return out;
  }
}
