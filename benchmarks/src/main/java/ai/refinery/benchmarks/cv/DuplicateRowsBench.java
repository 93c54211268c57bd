package ai.refinery.benchmarks.cv;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.benchmarks.MeanStd;
import ai.refinery.cv.FoldTransformer;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.KFold;
import ai.refinery.cv.RepeatedStratifiedKFold;
import ai.refinery.cv.StratifiedGroupKFold;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.cv.TrainValidationTestSplit;
import ai.refinery.ensembles.BaggingClassificationModel;
import ai.refinery.ensembles.BaggingClassifier;
import ai.refinery.ensembles.InBagCounts;
import ai.refinery.ensembles.RefineryXGBoostClassifier;
import ai.refinery.estimators.feature.TabularFeaturizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Cross-validation and bagging on a duplicate-heavy table (issue 14), against scikit-learn in the
 * same run. Default table: {@code verbagg} without {@code subject_id} (7,584 rows, 1,756 distinct;
 * 594 sets of >= 5 exact twins), a real table where a feature vector often appears with both
 * labels.
 *
 * <p>For each assigner (KFold and StratifiedKFold, 5 folds, seed 42, defaults otherwise) and each
 * model (XGBoost 200 rounds depth 6 eta 0.1; logistic regression with scikit-learn's C=1; a
 * decision tree of depth <= 30, which memorises repeated feature vectors), the mean and std of the
 * per-fold ROC AUC, next to scikit-learn's same model on its own shuffled KFold / StratifiedKFold
 * (random_state 42), from {@code benchmarks/python/duplicate_rows.py}. Also: how many sets of >= 5
 * identical rows sit in one fold (both sides), and bagging's out-of-bag accuracy and AUC (50 trees
 * of depth <= 30, bootstrap) against scikit-learn's BaggingClassifier.
 *
 * <p>Splitter mode ({@code splitter} in the list): the splitter alone, without the model.
 * Refinery's assignment (a fold, or a train / validation / test split, per row, for seeds 42, 43,
 * .., {@code -Dbench.splitterSeeds} of them, default 5) is exported and the same scikit-learn
 * models (XGBoost, logistic regression, the tree) are scored on Refinery's assignment and on
 * scikit-learn's splitter of the same kind with the same seeds ({@code
 * benchmarks/python/duplicate_rows_splitter.py}), per model and assigner. A model that disagrees
 * with scikit-learn in the table above but not here differs in the model, not in the folds.
 * Assigners ({@code -Dbench.splitterKinds}, default all): {@code kfold} (KFold, 5 folds) vs
 * KFold(shuffle); {@code stratified} (StratifiedKFold) vs StratifiedKFold(shuffle); {@code
 * repeated-stratified} (RepeatedStratifiedKFold, 5 folds x 2 repeats) vs RepeatedStratifiedKFold(5,
 * 2); {@code tvt} and {@code tvt-stratified} (TrainValidationTestSplit with its default ratios,
 * stratified on the label or not) vs two train_test_split calls with the same fractions (stratify=y
 * or not): model fitted on the train part, ROC AUC on the test part and on the validation part (a
 * row each); {@code group} (GroupKFold) vs GroupKFold on the groups relabelled by a seeded
 * permutation (scikit-learn 1.2's GroupKFold has no shuffle) and {@code stratified-group}
 * (StratifiedGroupKFold) vs StratifiedGroupKFold(shuffle), with the dataset's group column
 * (verbagg: {@code subject_id}) as the group, never a feature. The last column compares the mean
 * over seeds with scikit-learn's mean ± std over the same seeds. A list of {@code splitter} alone
 * skips the per-model table and its peer.
 *
 * <p>Out-of-bag mode ({@code oob} in the list): bagging's sampler alone. Refinery's bootstrap
 * in-bag counts of every row in each of the 50 members ({@code -Dbench.bagMembers}), for seeds 42,
 * 43, .. ({@code -Dbench.oobSeeds}, default 5), are exported (and checked against a fitted model's
 * own in-bag test); scikit-learn trees of depth <= 30 are fitted on exactly those samples and
 * scored out of bag, next to scikit-learn's BaggingClassifier with the same trees and seeds ({@code
 * benchmarks/python/duplicate_rows_oob.py}): out-of-bag accuracy and ROC AUC, mean ± std over the
 * seeds, and whether ours is within scikit-learn's 1 std. Then Refinery's BaggingClassifier end to
 * end (Spark trees, depth <= 30, 64 bins, parallelism 2) over {@code -Dbench.oobSparkSeeds} seeds
 * (default: as many). {@code oob} alone skips the per-model table and its peer. Run for
 * /work/notes/bagging-oob.txt: {@code benchmarks/run cv.DuplicateRowsBench verbagg subject_id oob}.
 *
 * <p>usage: {@code benchmarks/run cv.DuplicateRowsBench [dataset=verbagg] [dropCols=subject_id]
 * [models=xgb,logreg,tree,bag,splitter,oob]}.
 */
public final class DuplicateRowsBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DuplicateRowsBench() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "verbagg";
    String drop = args.length > 1 ? args[1] : "subject_id";
    List<String> which =
        List.of((args.length > 2 ? args[2] : "xgb,logreg,tree,bag,splitter,oob").split(","));
    int splitterSeeds = Integer.getInteger("bench.splitterSeeds", 5);
    int members = Integer.getInteger("bench.bagMembers", 50);
    int oobSeeds = Integer.getInteger("bench.oobSeeds", 5);
    int oobSparkSeeds = Integer.getInteger("bench.oobSparkSeeds", oobSeeds);
    String dir = BenchSession.dataDir();
    SparkSession spark = BenchSession.get("DuplicateRowsBench");
    try {
      JsonNode meta = JSON.readTree(new File(dir + "/metadata.json")).get(name);
      List<String> dropped = drop.equals("-") ? List.of() : List.of(drop.split(","));
      List<String> num = new ArrayList<>();
      List<String> cat = new ArrayList<>();
      meta.get("numeric_features")
          .forEach(
              n -> {
                if (!dropped.contains(n.asText())) {
                  num.add(n.asText());
                }
              });
      meta.get("categorical_features")
          .forEach(
              n -> {
                if (!dropped.contains(n.asText())) {
                  cat.add(n.asText());
                }
              });
      List<String> inputs = new ArrayList<>(num);
      inputs.addAll(cat);
      Dataset<Row> raw = spark.read().parquet(dir + "/" + name + ".parquet");
      // the group column is never a feature; kept (as a non-feature) for the group assigners
      String group = meta.has("group_column") ? meta.get("group_column").asText() : null;
      for (String d : dropped) {
        if (!d.equals(group)) {
          raw = raw.drop(d);
        }
      }
      raw = raw.withColumn("label", functions.col("label").cast("double"));
      // one-hot levels and numeric columns as they are, fitted on the whole table as the peer does
      Dataset<Row> data =
          new TabularFeaturizer()
              .setInputCols(inputs.toArray(new String[0]))
              .setCategoricalCols(cat.toArray(new String[0]))
              .setOutputCol("features")
              .fit(raw)
              .transform(raw)
              .repartition(4)
              .cache();
      long n = data.count();
      long distinctRows =
          (group == null ? data.drop("features") : data.drop("features", group)).distinct().count();
      System.out.printf(
          Locale.ROOT,
          "%n== %s without %s: %d rows, %d distinct rows (features and" + " label)%n",
          name,
          drop,
          n,
          distinctRows);

      if (which.equals(List.of("oob"))) {
        // the sampler alone: no per-model table, so no per-model peer run
        samplerOnly(data, members, oobSeeds, oobSparkSeeds);
        return;
      }
      if (which.equals(List.of("splitter"))) {
        // the splitters alone: no per-model table, so no per-model peer run
        splitterOnly(data, inputs, group, dir, name, drop, splitterSeeds);
        return;
      }
      long t0 = System.nanoTime();
      JsonNode peer = sklearn(dir, name, drop, members);
      System.out.printf(Locale.ROOT, "scikit-learn peer: %.1f s%n", (System.nanoTime() - t0) / 1e9);

      double lrReg = 1.0 / (n * 4 / 5);
      Map<String, Supplier<Estimator<?>>> models = new LinkedHashMap<>();
      if (which.contains("xgb")) {
        models.put("xgboost", () -> new RefineryXGBoostClassifier().setXgboost(xgb()));
      }
      if (which.contains("logreg")) {
        models.put("logreg", () -> new LogisticRegression().setMaxIter(200).setRegParam(lrReg));
      }
      if (which.contains("tree")) {
        models.put(
            "tree", () -> new DecisionTreeClassifier().setMaxDepth(30).setMaxBins(64).setSeed(42));
      }
      System.out.printf(
          Locale.ROOT,
          "settings: XGBoost 200 rounds depth 6 eta 0.1 hist;"
              + " logistic regression regParam %.6f (= scikit-learn's C=1); tree depth <= 30, 64"
              + " bins; assigners 5 folds, seed 42, defaults otherwise%n",
          lrReg);

      List<String> table = new ArrayList<>();
      Map<String, FoldTransformer> assigners = new LinkedHashMap<>();
      assigners.put("kfold", new KFold().setNumFolds(5).setSeed(42));
      assigners.put("stratified", new StratifiedKFold().setNumFolds(5).setSeed(42));
      for (Map.Entry<String, FoldTransformer> a : assigners.entrySet()) {
        Dataset<Row> folded = a.getValue().transform(data).cache();
        JsonNode ref = peer.get("splitters").get(a.getKey());
        long[] oneFold = oneFoldSets(folded, inputs);
        System.out.printf(
            Locale.ROOT,
            "%s: sets of >= 5 identical rows in one fold: ours %d of"
                + " %d, scikit-learn %d of %d%n",
            a.getKey(),
            oneFold[0],
            oneFold[1],
            ref.get("one_fold_sets").asLong(),
            ref.get("sets").asLong());
        for (Map.Entry<String, Supplier<Estimator<?>>> m : models.entrySet()) {
          List<Double> aucs = new ArrayList<>();
          for (int f = 0; f < 5; f++) {
            Dataset<Row> train = folded.filter(functions.col("fold").notEqual(f));
            Dataset<Row> test = folded.filter(functions.col("fold").equalTo(f));
            Model<?> model = (Model<?>) m.getValue().get().fit(train);
            aucs.add(
                new BinaryClassificationEvaluator()
                    .setRawPredictionCol("probability")
                    .evaluate(model.transform(test)));
          }
          MeanStd s = MeanStd.of(aucs);
          JsonNode r = ref.get(m.getKey());
          double rm = r.get("mean").asDouble();
          double rs = r.get("std").asDouble();
          String row =
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.4f ± %.4f | %.4f ± %.4f | %+.4f |" + " %s |",
                  a.getKey(),
                  m.getKey(),
                  s.mean(),
                  s.std(),
                  rm,
                  rs,
                  s.mean() - rm,
                  Math.abs(s.mean() - rm) <= rs ? "yes" : "NO");
          System.out.println(row);
          table.add(row);
        }
        folded.unpersist();
      }
      String bagLine = null;
      if (which.contains("bag")) {
        BaggingClassificationModel bag = oobBagging(data, members, 42);
        JsonNode rb = peer.get("bagging");
        bagLine =
            String.format(
                Locale.ROOT,
                "bagging %d trees (depth <= 30), whole table:"
                    + " out-of-bag accuracy ours %.4f vs scikit-learn %.4f (%+.4f); out-of-bag ROC AUC"
                    + " ours %.4f vs scikit-learn %.4f (%+.4f)",
                members,
                bag.oobScore().score(),
                rb.get("oob_accuracy").asDouble(),
                bag.oobScore().score() - rb.get("oob_accuracy").asDouble(),
                bag.oobScore().auc(),
                rb.get("oob_auc").asDouble(),
                bag.oobScore().auc() - rb.get("oob_auc").asDouble());
        System.out.println(bagLine);
      }
      System.out.println();
      System.out.println(
          "| assigner | model | ours ROC AUC (mean ± std over folds) |"
              + " scikit-learn, same splitter kind | difference | within scikit-learn's 1 std |");
      System.out.println("|---|---|---|---|---|---|");
      table.forEach(System.out::println);
      if (bagLine != null) {
        System.out.println(bagLine);
      }
      if (which.contains("splitter")) {
        splitterOnly(data, inputs, group, dir, name, drop, splitterSeeds);
      }
      if (which.contains("oob")) {
        samplerOnly(data, members, oobSeeds, oobSparkSeeds);
      }
      data.unpersist();
    } finally {
      spark.stop();
    }
  }

  /** Splitter mode's assigners, in table order. */
  static final List<String> SPLITTER_KINDS =
      List.of(
          "kfold",
          "stratified",
          "repeated-stratified",
          "tvt",
          "tvt-stratified",
          "group",
          "stratified-group");

  static Transformer assigner(String kind, long seed, String group) {
    switch (kind) {
      case "kfold":
        return new KFold().setNumFolds(5).setSeed(seed);
      case "stratified":
        return new StratifiedKFold().setNumFolds(5).setSeed(seed);
      case "repeated-stratified":
        return new RepeatedStratifiedKFold().setNumFolds(5).setNumRepeats(2).setSeed(seed);
      case "tvt":
        return new TrainValidationTestSplit().setSeed(seed);
      case "tvt-stratified":
        return new TrainValidationTestSplit().setLabelCol("label").setSeed(seed);
      case "group":
        return new GroupKFold().setGroupCol(group).setNumFolds(5).setSeed(seed);
      case "stratified-group":
        return new StratifiedGroupKFold().setGroupCol(group).setNumFolds(5).setSeed(seed);
      default:
        throw new IllegalArgumentException(
            "bench.splitterKinds: unknown assigner '"
                + kind
                + "', expected one of "
                + SPLITTER_KINDS);
    }
  }

  /** The columns an assigner's output adds that the peer reads. */
  static List<String> assignedCols(String kind, String group) {
    List<String> out = new ArrayList<>();
    out.add(kind.startsWith("tvt") ? "split" : "fold");
    if (kind.equals("repeated-stratified")) {
      out.add("repeat");
    }
    if (kind.contains("group")) {
      out.add(group);
    }
    return out;
  }

  /**
   * The splitter alone: Refinery's folds exported (features, label, fold per row) and the same
   * scikit-learn models scored on them and on scikit-learn's folds of the same kind and seed.
   */
  static void splitterOnly(
      Dataset<Row> data,
      List<String> inputs,
      String group,
      String dir,
      String name,
      String drop,
      int seeds)
      throws Exception {
    Path tmp = Files.createTempDirectory("dup-folds");
    List<String> spec = new ArrayList<>();
    List<String> kinds =
        List.of(
            System.getProperty("bench.splitterKinds", String.join(",", SPLITTER_KINDS)).split(","));
    for (String kind : kinds) {
      if (kind.contains("group") && (group == null || !List.of(data.columns()).contains(group))) {
        throw new IllegalArgumentException(
            "bench.splitterKinds: '"
                + kind
                + "' needs the dataset's group_column in metadata.json and the table; found "
                + group);
      }
      List<String> names = new ArrayList<>(inputs);
      names.add("label");
      names.addAll(assignedCols(kind, group));
      List<Column> cols = new ArrayList<>();
      names.forEach(c -> cols.add(functions.col(c)));
      for (long seed = 42; seed < 42 + seeds; seed++) {
        List<Row> rows =
            assigner(kind, seed, group)
                .transform(data)
                .select(cols.toArray(new Column[0]))
                .collectAsList();
        Path f = tmp.resolve(kind + "-" + seed + ".csv");
        StringBuilder sb = new StringBuilder(String.join(",", names)).append('\n');
        for (Row r : rows) {
          for (int i = 0; i < r.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(r.get(i));
          }
          sb.append('\n');
        }
        Files.writeString(f, sb.toString());
        spec.add(kind + ":" + seed + "=" + f);
      }
    }
    long t0 = System.nanoTime();
    double[] ratios = new TrainValidationTestSplit().getRatios();
    JsonNode res =
        python(
            "benchmarks/python/duplicate_rows_splitter.py",
            dir,
            name,
            drop,
            String.join(",", spec),
            ratios[0] + ":" + ratios[1] + ":" + ratios[2]);
    System.out.printf(
        Locale.ROOT,
        "%nsplitter only: scikit-learn's models on Refinery's folds vs on scikit-learn's folds"
            + " (peer %.1f s); tvt: ratios %s, one split per seed (no std over folds)%n",
        (System.nanoTime() - t0) / 1e9,
        java.util.Arrays.toString(ratios));
    System.out.println(
        "| assigner | model | seeds | on Refinery's folds: seed 42 (mean ± std over folds)"
            + " | on scikit-learn's folds: seed 42 | difference | within 1 std"
            + " | Refinery's folds: mean over seeds ± std of the seed means"
            + " | scikit-learn's folds: mean over seeds ± std | difference |"
            + " sets of >= 5 in one fold (seed 42): Refinery / scikit-learn"
            + " | seeds: within scikit-learn's 1 std |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (java.util.Iterator<String> it = res.fieldNames(); it.hasNext(); ) {
      String kind = it.next();
      JsonNode byKind = res.get(kind);
      boolean oneSplit = kind.startsWith("tvt");
      for (String model : List.of("xgboost", "logreg", "tree")) {
        JsonNode ours = byKind.get("42").get("refinery");
        JsonNode theirs = byKind.get("42").get("sklearn");
        double om = ours.get(model).get("mean").asDouble();
        double os = ours.get(model).get("std").asDouble();
        double tm = theirs.get(model).get("mean").asDouble();
        double ts = theirs.get(model).get("std").asDouble();
        List<Double> oSeeds = new ArrayList<>();
        List<Double> tSeeds = new ArrayList<>();
        byKind
            .fields()
            .forEachRemaining(
                e -> {
                  oSeeds.add(e.getValue().get("refinery").get(model).get("mean").asDouble());
                  tSeeds.add(e.getValue().get("sklearn").get(model).get("mean").asDouble());
                });
        MeanStd o = MeanStd.of(oSeeds);
        MeanStd t = MeanStd.of(tSeeds);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %s | %s | %+.4f | %s | %.4f ± %.4f | %.4f ± %.4f"
                + " | %+.4f | %d / %d of %d | %s |%n",
            kind,
            model,
            oSeeds.size(),
            oneSplit
                ? String.format(Locale.ROOT, "%.4f (one split)", om)
                : String.format(Locale.ROOT, "%.4f ± %.4f", om, os),
            oneSplit
                ? String.format(Locale.ROOT, "%.4f (one split)", tm)
                : String.format(Locale.ROOT, "%.4f ± %.4f", tm, ts),
            om - tm,
            oneSplit ? "-" : Math.abs(om - tm) <= ts ? "yes" : "NO",
            o.mean(),
            o.std(),
            t.mean(),
            t.std(),
            o.mean() - t.mean(),
            ours.get("one_fold_sets").asLong(),
            theirs.get("one_fold_sets").asLong(),
            ours.get("sets").asLong(),
            Math.abs(o.mean() - t.mean()) <= t.std() ? "yes" : "NO");
      }
    }
  }

  /**
   * Bagging's sampler alone: Refinery's bootstrap in-bag counts per member (seeds 42, 43, ..) are
   * exported, scikit-learn trees (depth <= 30, the peer's learner) are fitted on exactly those
   * samples and scored out of bag, next to scikit-learn's own BaggingClassifier with the same trees
   * and random_state ({@code benchmarks/python/duplicate_rows_oob.py}); then Refinery's
   * BaggingClassifier end to end (Spark trees) with the same seeds.
   */
  static void samplerOnly(Dataset<Row> data, int members, int seeds, int sparkSeeds)
      throws Exception {
    Path tmp = Files.createTempDirectory("dup-inbag");
    Dataset<Row> rows = data.select("features", "label");
    List<String> spec = new ArrayList<>();
    BaggingClassifier defaults = new BaggingClassifier();
    double fraction = defaults.getSampleFraction();
    boolean replacement = defaults.getBootstrap();
    for (long seed = 42; seed < 42 + seeds; seed++) {
      InBagCounts.Counts c =
          InBagCounts.of(rows, "features", "label", seed, members, fraction, replacement);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.rows().size(); i++) {
        Row r = c.rows().get(i);
        double[] x = ((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray();
        if (i == 0) {
          for (int j = 0; j < x.length; j++) {
            sb.append('f').append(j).append(',');
          }
          sb.append("label");
          for (int m = 0; m < members; m++) {
            sb.append(",c").append(m);
          }
          sb.append('\n');
        }
        for (double v : x) {
          sb.append(v).append(',');
        }
        sb.append(r.getDouble(1));
        for (int k : c.counts()[i]) {
          sb.append(',').append(k);
        }
        sb.append('\n');
      }
      Path f = tmp.resolve("inbag-" + seed + ".csv");
      Files.writeString(f, sb.toString());
      spec.add(seed + "=" + f);
      if (seed == 42) {
        // the exported samples are the ones a fit draws: checked against a fitted model's members
        BaggingClassificationModel check =
            new BaggingClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(1))
                .setNumMembers(members)
                .setSeed(seed)
                .fit(data);
        long bad = InBagCounts.mismatches(check, c);
        if (bad != 0) {
          throw new IllegalStateException(
              bad + " (row, member) in-bag flags differ from the fitted model's own");
        }
      }
    }
    long t0 = System.nanoTime();
    JsonNode res =
        python(
            "benchmarks/python/duplicate_rows_oob.py",
            String.join(",", spec),
            String.valueOf(members));
    double peerSecs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%nsampler only: bagging's out-of-bag estimate, %d members, seeds 42..%d, sampleFraction %s,"
            + " bootstrap %s (Refinery's defaults); learner scikit-learn"
            + " DecisionTreeClassifier(max_depth=30) on both sides, fitted with the in-bag counts as"
            + " sample weights (peer %.1f s)%n",
        members,
        41 + seeds,
        fraction,
        replacement,
        peerSecs);
    for (int i = 0; i < res.get("refinery").size(); i++) {
      JsonNode o = res.get("refinery").get(i);
      JsonNode t = res.get("sklearn").get(i);
      System.out.printf(
          Locale.ROOT,
          "seed %d: on Refinery's in-bag rows accuracy %.4f, ROC AUC %.4f (mean in-bag count"
              + " %.3f); scikit-learn's bagging accuracy %.4f, ROC AUC %.4f%n",
          o.get("seed").asLong(),
          o.get("oob_accuracy").asDouble(),
          o.get("oob_auc").asDouble(),
          o.get("mean_in_bag").asDouble(),
          t.get("oob_accuracy").asDouble(),
          t.get("oob_auc").asDouble());
    }
    System.out.println(
        "| figure | scikit-learn trees on Refinery's in-bag rows (mean ± std over seeds)"
            + " | peer | peer's mean ± std over seeds | difference | within the peer's 1 std |");
    System.out.println("|---|---|---|---|---|---|");
    for (String fig : List.of("oob_accuracy", "oob_auc")) {
      MeanStd os = figure(res.get("refinery"), fig);
      for (String[] peer :
          new String[][] {
            {"sklearn_sampler", "same trees and aggregation on scikit-learn's bootstrap draws"},
            {"sklearn", "scikit-learn BaggingClassifier, same trees"}
          }) {
        MeanStd ts = figure(res.get(peer[0]), fig);
        System.out.printf(
            Locale.ROOT,
            "| %s | %.4f ± %.4f (%d seeds) | %s | %.4f ± %.4f (%d seeds) | %+.4f | %s |%n",
            fig,
            os.mean(),
            os.std(),
            res.get("refinery").size(),
            peer[1],
            ts.mean(),
            ts.std(),
            res.get(peer[0]).size(),
            os.mean() - ts.mean(),
            Math.abs(os.mean() - ts.mean()) <= ts.std() ? "yes" : "NO");
      }
    }
    List<Double> sparkAcc = new ArrayList<>();
    List<Double> sparkAuc = new ArrayList<>();
    for (long seed = 42; seed < 42 + sparkSeeds; seed++) {
      BaggingClassificationModel bag = oobBagging(data, members, seed);
      sparkAcc.add(bag.oobScore().score());
      sparkAuc.add(bag.oobScore().auc());
      System.out.printf(
          Locale.ROOT,
          "Refinery end to end, seed %d: out-of-bag accuracy %.4f, ROC AUC %.4f%n",
          seed,
          bag.oobScore().score(),
          bag.oobScore().auc());
    }
    if (sparkSeeds == 0) {
      return;
    }
    MeanStd a = MeanStd.of(sparkAcc);
    MeanStd u = MeanStd.of(sparkAuc);
    System.out.printf(
        Locale.ROOT,
        "Refinery end to end (BaggingClassifier, Spark DecisionTreeClassifier maxDepth 30 maxBins"
            + " 64, %d members, parallelism 2, seeds 42..%d, defaults otherwise): out-of-bag"
            + " accuracy %.4f ± %.4f, ROC AUC %.4f ± %.4f%n",
        members,
        41 + sparkSeeds,
        a.mean(),
        a.std(),
        u.mean(),
        u.std());
  }

  /** {sets of >= 5 rows identical on inputs and label that sit in one fold, such sets}. */
  static long[] oneFoldSets(Dataset<Row> folded, List<String> inputs) {
    List<Column> key = new ArrayList<>();
    inputs.forEach(c -> key.add(functions.col(c)));
    key.add(functions.col("label"));
    Row r =
        folded
            .groupBy(key.toArray(new Column[0]))
            .agg(
                functions.count(functions.lit(1)).as("n"),
                functions.countDistinct(functions.col("fold")).as("folds"))
            .filter(functions.col("n").geq(5))
            .agg(
                functions.sum(functions.when(functions.col("folds").equalTo(1), 1).otherwise(0)),
                functions.count(functions.lit(1)))
            .head();
    return new long[] {r.isNullAt(0) ? 0 : r.getLong(0), r.getLong(1)};
  }

  static XGBoostClassifier xgb() {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setNumRound(200);
    x.setMaxDepth(6);
    x.setEta(0.1);
    x.setTreeMethod("hist");
    x.setNumWorkers(1);
    x.setNthread(1);
    x.setSeed(42L);
    return x;
  }

  static JsonNode sklearn(String dir, String name, String drop, int members) throws Exception {
    return python("benchmarks/python/duplicate_rows.py", dir, name, drop, String.valueOf(members));
  }

  /** Runs a peer script with Debian's python3; its last output line is JSON. */
  static JsonNode python(String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("scikit-learn peer (" + script + ") failed: " + out);
    }
    return JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
  }

  /** Mean ± std over seeds of one figure of the peer script's per-seed results. */
  private static MeanStd figure(JsonNode perSeed, String fig) {
    List<Double> v = new ArrayList<>();
    perSeed.forEach(r -> v.add(r.get(fig).asDouble()));
    return MeanStd.of(v);
  }

  /** The bagged deep trees whose out-of-bag scores the oob mode compares. */
  private static BaggingClassificationModel oobBagging(Dataset<Row> data, int members, long seed) {
    return new BaggingClassifier()
        .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(30).setMaxBins(64))
        .setNumMembers(members)
        .setComputeOob(true)
        .setParallelism(2)
        .setSeed(seed)
        .fit(data);
  }
}
