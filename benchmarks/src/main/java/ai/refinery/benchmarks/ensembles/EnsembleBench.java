package ai.refinery.benchmarks.ensembles;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.benchmarks.MeanStd;
import ai.refinery.ensembles.AdaBoostClassifier;
import ai.refinery.ensembles.BaggingClassificationModel;
import ai.refinery.ensembles.BaggingClassifier;
import ai.refinery.ensembles.RefineryXGBoostClassifier;
import ai.refinery.ensembles.StackingClassifier;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Refinery's bagging, AdaBoost, XGBoost and stacking on the shared datasets with the exact
 * scikit-learn folds ({@code folds/<name>_folds.csv}, StratifiedKFold(5, shuffle, 42)), against the
 * reference results of the matching scikit-learn/XGBoost models; stacking against its own base
 * models on the same folds; bagging's out-of-bag accuracy against its 5-fold CV accuracy, next to
 * scikit-learn's BaggingClassifier doing the same (benchmarks/python/bagging_oob.py); fit wall time
 * with parallelism 1 vs 2.
 *
 * <p>Usage: {@code benchmarks/run ensembles.EnsembleBench [datasets, default
 * breast_cancer,pima2,credit_g] [models in run order, default xgb,bag,ada,stack]}; the reference
 * settings (50 bagged trees, 100 AdaBoost rounds, 5 inner folds) can be lowered with {@code
 * -Dbench.bagMembers -Dbench.bagDepth -Dbench.adaRounds -Dbench.forestTrees -Dbench.forestDepth
 * -Dbench.stackFolds} in {@code BENCH_JAVA_OPTS} on a busy machine. The stacking meta-model is
 * scikit-learn's default final estimator, logistic regression with C=1 on unstandardised
 * meta-features; {@code -Dbench.metaReg -Dbench.metaStandardize -Dbench.stackMethod} change it.
 * Model kind {@code stackonly} runs the stacking model without its base models.
 */
public final class EnsembleBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EnsembleBench() {}

  public static void main(String[] args) throws Exception {
    String[] datasets = (args.length > 0 ? args[0] : "breast_cancer,pima2,credit_g").split(",");
    List<String> models = List.of((args.length > 1 ? args[1] : "xgb,bag,ada,stack").split(","));
    SparkSession spark = BenchSession.get("EnsembleBench");
    try {
      List<String> table = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (String name : datasets) {
        run(spark, name, models, table, notes);
      }
      System.out.println();
      System.out.println(
          "| dataset | model | ours accuracy | reference accuracy (mean ± std) |"
              + " ours AUC / macro F1 | reference AUC / macro F1 | within 1 std or better |"
              + " ours fit s/fold |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
      System.out.println();
      notes.forEach(System.out::println);
    } finally {
      spark.stop();
    }
  }

  static void run(
      SparkSession spark, String name, List<String> models, List<String> table, List<String> notes)
      throws Exception {
    String dir = BenchSession.dataDir();
    JsonNode meta = JSON.readTree(new File(dir + "/metadata.json")).get(name);
    JsonNode ref = JSON.readTree(new File(dir + "/reference/" + name + "__skf.json")).get("models");
    boolean multi = "multiclass".equals(meta.get("task").asText());
    List<String> num = strings(meta.get("numeric_features"));
    List<String> cat = strings(meta.get("categorical_features"));
    // row = position in the file (one partition keeps file order), joined to sklearn's folds
    Dataset<Row> raw =
        spark
            .read()
            .parquet(dir + "/" + name + ".parquet")
            .coalesce(1)
            .withColumn("row", functions.monotonically_increasing_id());
    Dataset<Row> folds =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(dir + "/folds/" + name + "_folds.csv")
            .select(
                functions.col("row").cast("long"),
                functions.col("fold_stratified_kfold_shuffle_seed42").cast("int").as("fold"));
    Dataset<Row> data =
        raw.join(folds, "row")
            .withColumn("label", functions.col("label").cast("double"))
            .repartition(4)
            .cache();
    long n = data.count();
    List<String> inputs = new ArrayList<>(num);
    inputs.addAll(cat);
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %d rows, %d features (%d categorical), %s%n",
        name,
        n,
        inputs.size(),
        cat.size(),
        multi ? "multiclass" : "binary");

    Map<String, Supplier<Estimator<?>>> ours = new LinkedHashMap<>();
    Map<String, String> refName = new LinkedHashMap<>();
    int members = Integer.getInteger("bench.bagMembers", 50);
    int depth = Integer.getInteger("bench.bagDepth", 20);
    int rounds = Integer.getInteger("bench.adaRounds", 100);
    int forestTrees = Integer.getInteger("bench.forestTrees", 100);
    int forestDepth = Integer.getInteger("bench.forestDepth", 12);
    int innerFolds = Integer.getInteger("bench.stackFolds", 5);
    // scikit-learn's LogisticRegression(C=1) on standardised features minimises
    // sum(loss) + ||w||^2 / 2, i.e. Spark's mean(loss) + regParam / 2 ||w||^2 with regParam = 1/n
    // (Spark standardises internally); n = a training fold's rows (4/5 of the data), and for the
    // meta-model the rows of the out-of-fold meta-features (the same n)
    double lrReg = 1.0 / (n * 4 / 5);
    // the meta-model: by default scikit-learn's StackingClassifier final estimator,
    // LogisticRegression(C=1) on the raw (unstandardised) meta-features
    double metaReg = Double.parseDouble(System.getProperty("bench.metaReg", "" + lrReg));
    boolean metaStd = Boolean.parseBoolean(System.getProperty("bench.metaStandardize", "false"));
    String stackMethod = System.getProperty("bench.stackMethod", "probability");
    for (String kind : models) {
      switch (kind) {
        case "bag" -> {
          ours.put(
              "bagging",
              () ->
                  new BaggingClassifier()
                      .setBaseEstimator(
                          new DecisionTreeClassifier().setMaxDepth(depth).setMaxBins(64))
                      .setNumMembers(members)
                      .setComputeOob(true)
                      .setParallelism(2)
                      .setSeed(42));
          refName.put("bagging", "bagging_trees");
        }
        case "ada" -> {
          ours.put(
              "adaboost",
              () ->
                  new AdaBoostClassifier()
                      .setNumRounds(rounds)
                      .setLearningRate(1.0)
                      .setBaseEstimator(
                          new DecisionTreeClassifier().setMaxDepth(1).setMaxBins(64)));
          refName.put("adaboost", "adaboost");
        }
        case "xgb" -> {
          ours.put("xgboost", () -> new RefineryXGBoostClassifier().setXgboost(xgb(200)));
          refName.put("xgboost", "xgboost");
        }
        case "stack", "stackonly" -> {
          if (kind.equals("stack")) { // the base models on their own, for the comparison
            ours.put(
                "stack:logreg", () -> new LogisticRegression().setMaxIter(200).setRegParam(lrReg));
            refName.put("stack:logreg", "logreg");
            ours.put("stack:random_forest", () -> forest(forestTrees, forestDepth));
            refName.put("stack:random_forest", "random_forest");
            ours.put(
                "stack:xgboost_100", () -> new RefineryXGBoostClassifier().setXgboost(xgb(100)));
            refName.put("stack:xgboost_100", "hist_gradient_boosting");
          }
          ours.put(
              "stacking",
              () ->
                  stacking(
                      lrReg, forestTrees, forestDepth, metaReg, metaStd, stackMethod, innerFolds));
          refName.put("stacking", "stacking");
        }
        default ->
            throw new IllegalArgumentException(
                "unknown model kind " + kind + " (bag, ada, xgb, stack)");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "settings: bagging %d trees of depth <= %d, AdaBoost %d rounds,"
            + " random forest %d trees of depth <= %d, stacking %d inner folds, logistic regression regParam %.5f"
            + " (= scikit-learn's C=1); meta-model logistic regression regParam %.5f, standardization"
            + " %s, on %s%n",
        members,
        depth,
        rounds,
        forestTrees,
        forestDepth,
        innerFolds,
        lrReg,
        metaReg,
        metaStd,
        stackMethod);

    Map<String, MeanStd> mainMetric = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<Estimator<?>>> e : ours.entrySet()) {
      List<Double> acc = new ArrayList<>();
      List<Double> score = new ArrayList<>();
      List<Double> oob = new ArrayList<>();
      List<Double> secs = new ArrayList<>();
      for (int f = 0; f < 5; f++) {
        Dataset<Row> trainRaw = data.filter(functions.col("fold").notEqual(f));
        Dataset<Row> testRaw = data.filter(functions.col("fold").equalTo(f));
        TabularFeaturizerModel feats =
            new TabularFeaturizer()
                .setInputCols(inputs.toArray(new String[0]))
                .setCategoricalCols(cat.toArray(new String[0]))
                .setOutputCol("features")
                .fit(trainRaw);
        Dataset<Row> train = feats.transform(trainRaw).select("features", "label").cache();
        Dataset<Row> test = feats.transform(testRaw).select("features", "label").cache();
        train.count();
        test.count();
        long t0 = System.nanoTime();
        Model<?> model = (Model<?>) e.getValue().get().fit(train);
        secs.add((System.nanoTime() - t0) / 1e9);
        Dataset<Row> scored = model.transform(test).cache();
        acc.add(new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored));
        score.add(
            multi
                ? macroF1(scored, (int) meta.get("class_counts").size())
                : new BinaryClassificationEvaluator()
                    .setRawPredictionCol("probability")
                    .evaluate(scored));
        if (model instanceof BaggingClassificationModel b) {
          oob.add(b.oobScore().score());
        }
        scored.unpersist();
        train.unpersist();
        test.unpersist();
      }
      MeanStd a = MeanStd.of(acc);
      MeanStd s = MeanStd.of(score);
      mainMetric.put(e.getKey(), s);
      JsonNode r = ref.get(refName.get(e.getKey())).get("summary");
      String metric = multi ? "f1_macro" : "roc_auc";
      double ra = r.get("accuracy").get("mean").asDouble();
      double ras = r.get("accuracy").get("std").asDouble();
      double rs = r.get(metric).get("mean").asDouble();
      double rss = r.get(metric).get("std").asDouble();
      boolean ok = a.mean() >= ra - ras && s.mean() >= rs - rss;
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s (ref %s) | %.4f ± %.4f | %.4f ± %.4f | %.4f ± %.4f | %.4f ± %.4f | %s | %.2f |",
              name,
              e.getKey(),
              refName.get(e.getKey()),
              a.mean(),
              a.std(),
              ra,
              ras,
              s.mean(),
              s.std(),
              rs,
              rss,
              ok ? "yes" : "no",
              MeanStd.of(secs).mean());
      System.out.println(row);
      table.add(row);
      if (!oob.isEmpty()) {
        MeanStd o = MeanStd.of(oob);
        String note =
            String.format(
                Locale.ROOT,
                "%s bagging: out-of-bag accuracy %.4f (mean over"
                    + " the 5 training folds) vs 5-fold CV accuracy %.4f: |difference| %.4f (goal <="
                    + " 0.01)",
                name,
                o.mean(),
                a.mean(),
                Math.abs(o.mean() - a.mean()));
        System.out.println(note);
        notes.add(note);
        String peer = sklearnOob(dir, name, members);
        System.out.println(peer);
        notes.add(peer);
      }
    }
    if (mainMetric.containsKey("stacking") && mainMetric.containsKey("stack:logreg")) {
      String best = null;
      for (String k : mainMetric.keySet()) {
        if (k.startsWith("stack:")
            && (best == null || mainMetric.get(k).mean() > mainMetric.get(best).mean())) {
          best = k;
        }
      }
      String note =
          String.format(
              Locale.ROOT,
              "%s stacking %s %.4f vs best base %s %.4f: %s",
              name,
              multi ? "macro F1" : "ROC AUC",
              mainMetric.get("stacking").mean(),
              best,
              mainMetric.get(best).mean(),
              mainMetric.get("stacking").mean() >= mainMetric.get(best).mean()
                  ? "at least as good"
                  : "worse");
      System.out.println(note);
      notes.add(note);
    }
    data.unpersist();
  }

  static StackingClassifier stacking(
      double lrReg,
      int forestTrees,
      int forestDepth,
      double metaReg,
      boolean metaStd,
      String stackMethod,
      int innerFolds) {
    return new StackingClassifier()
        .setBaseEstimators(
            new LogisticRegression().setMaxIter(200).setRegParam(lrReg),
            forest(forestTrees, forestDepth),
            new RefineryXGBoostClassifier().setXgboost(xgb(100)))
        .setMetaEstimator(new LogisticRegression().setRegParam(metaReg).setStandardization(metaStd))
        .setStackMethod(stackMethod)
        .setNumFolds(innerFolds)
        .setSeed(42)
        .setParallelism(2);
  }

  static RandomForestClassifier forest(int trees, int depth) {
    return new RandomForestClassifier()
        .setNumTrees(trees)
        .setMaxDepth(depth)
        .setMaxBins(64)
        .setSeed(42);
  }

  static XGBoostClassifier xgb(int rounds) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setNumRound(rounds);
    x.setMaxDepth(6);
    x.setEta(0.1);
    x.setTreeMethod("hist");
    x.setNumWorkers(1);
    x.setNthread(1); // must not exceed spark.task.cpus (1)
    x.setSeed(42L);
    return x;
  }

  /** scikit-learn's BaggingClassifier out-of-bag accuracy against its CV accuracy, same folds. */
  static String sklearnOob(String dir, String name, int members) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "benchmarks/python/bagging_oob.py",
                dir,
                name,
                String.valueOf(members))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      return name + " scikit-learn peer (benchmarks/python/bagging_oob.py) failed: " + out;
    }
    JsonNode r = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    return String.format(
        Locale.ROOT,
        "%s scikit-learn BaggingClassifier(%d trees), same folds:"
            + " out-of-bag accuracy %.4f vs 5-fold CV accuracy %.4f: |difference| %.4f",
        name,
        members,
        r.get("oob").asDouble(),
        r.get("cv").asDouble(),
        r.get("diff").asDouble());
  }

  static double macroF1(Dataset<Row> scored, int classes) {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum +=
          new MulticlassClassificationEvaluator()
              .setMetricName("fMeasureByLabel")
              .setMetricLabel(c)
              .evaluate(scored);
    }
    return sum / classes;
  }

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asText()));
    return out;
  }
}
