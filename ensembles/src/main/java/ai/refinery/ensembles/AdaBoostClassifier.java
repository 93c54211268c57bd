package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.SeedSequence;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.estimators.run.SparkJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.mutable.WrappedArray;

/**
 * AdaBoost (SAMME, multi-class) over any Spark ML classifier that takes instance weights ({@code
 * weightCol}). Each round fits the base estimator on the current weights, gives it the weight
 * {@code learningRate * (log((1 - err) / err) + log(K - 1))} and up-weights the rows it got wrong.
 * With {@code validationIndicatorCol} the rows marked true are held out, the ensemble's validation
 * log loss is tracked per round, and boosting stops after {@code patience} rounds without
 * improvement, keeping the best round. Every round is reported to the training listeners (a STOP
 * ends boosting) and kept in the model's summary.
 */
public class AdaBoostClassifier
    extends ProbabilisticClassifier<Vector, AdaBoostClassifier, AdaBoostClassificationModel>
    implements AdaBoostParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AdaBoostClassifier.class);
  private static final String W = "__ada_weight";
  private static final String PRED = "__ada_pred";
  private static final String SCORE = "__ada_score";
  private static final String VALID = "__ada_valid";
  private final EnsembleParamSpecs.AdaBoost p;

  public AdaBoostClassifier() {
    this(Uids.random("adab"));
  }

  public AdaBoostClassifier(String uid) {
    this(EarlyUid.push(uid));
  }

  private AdaBoostClassifier(EarlyUid.Token token) {
    super();
    p = EnsembleParamSpecs.AdaBoost.of(this, token);
  }

  @Override
  public EnsembleParamSpecs.AdaBoost adaBoostParams() {
    return p;
  }

  public AdaBoostClassifier setBaseEstimator(PipelineStage value) {
    return (AdaBoostClassifier) set(baseEstimator(), value);
  }

  public AdaBoostClassifier setNumRounds(int value) {
    return (AdaBoostClassifier) set(numRounds(), value);
  }

  public AdaBoostClassifier setLearningRate(double value) {
    return (AdaBoostClassifier) set(learningRate(), value);
  }

  public AdaBoostClassifier setValidationIndicatorCol(String value) {
    return (AdaBoostClassifier) set(validationIndicatorCol(), value);
  }

  public AdaBoostClassifier setPatience(int value) {
    return (AdaBoostClassifier) set(patience(), value);
  }

  public AdaBoostClassifier setSeed(long value) {
    return (AdaBoostClassifier) set(seed(), value);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireWeightedClassifier(getBaseEstimator());
    String v = getValidationIndicatorCol();
    if (!v.isEmpty()
        && !(SchemaChecks.requireColumn(schema, v, "validationIndicatorCol").dataType()
            instanceof BooleanType)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param validationIndicatorCol) must be boolean but is %s. Cast it or set"
                  + " validationIndicatorCol.",
              v, schema.apply(v).dataType().catalogString()));
    }
    return SchemaOrder.predictionLast(super.transformSchema(schema), getPredictionCol());
  }

  static void requireWeightedClassifier(PipelineStage base) {
    if (!(base instanceof Classifier<?, ?, ?>)) {
      throw new IllegalArgumentException(
          String.format(
              "AdaBoostClassifier needs a Spark ML classifier as baseEstimator but %s (%s) is not one.",
              base.getClass().getSimpleName(), base.uid()));
    }
    if (!base.hasParam("weightCol")) {
      throw new IllegalArgumentException(
          String.format(
              "AdaBoostClassifier needs a base estimator with param weightCol (instance weights), but"
                  + " %s (%s) has none. Use e.g. DecisionTreeClassifier, LogisticRegression or"
                  + " NaiveBayes, or bag it with BaggingClassifier instead.",
              base.getClass().getSimpleName(), base.uid()));
    }
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public AdaBoostClassificationModel train(Dataset<?> dataset) {
    String fitId = FitIds.next("ada");
    String source = "AdaBoostClassifier";
    String featuresCol = getFeaturesCol();
    String labelCol = getLabelCol();
    String validCol = getValidationIndicatorCol();
    boolean hasValid = !validCol.isEmpty();
    Column isValid =
        hasValid
            ? functions.coalesce(functions.col(validCol), functions.lit(false))
            : functions.lit(false);
    Dataset<Row> trainPart = dataset.toDF().filter(functions.not(isValid));
    BaggingFit.requireTwoClasses(trainPart, labelCol, source);
    int k = getNumClasses(dataset, 1000);
    Predictor<Vector, ?, ?> base = (Predictor<Vector, ?, ?>) getBaseEstimator();
    int rounds = getNumRounds();
    double lr = getLearningRate();
    long[] seeds = new SeedSequence(getSeed()).children(rounds);
    LOG.info(
        "[{}] {}: up to {} rounds of {} (learningRate {}, {} classes, validation {})",
        fitId,
        source,
        rounds,
        base.getClass().getSimpleName(),
        lr,
        k,
        hasValid ? validCol + ", patience " + getPatience() : "none");

    double[] zeros = new double[k];
    Dataset<Row> cur =
        dataset
            .toDF()
            .select(
                functions.col(featuresCol),
                functions
                    .col(labelCol)
                    .cast(DataTypes.DoubleType)
                    .as(
                        labelCol,
                        NominalAttribute.defaultAttr()
                            .withName(labelCol)
                            .withNumValues(k)
                            .toMetadata()),
                isValid.as(VALID))
            .withColumn(W, functions.lit(1.0))
            .withColumn(SCORE, functions.lit(zeros))
            .localCheckpoint(true);
    List<PredictionModel<Vector, ?>> members = new ArrayList<>();
    List<Double> alphas = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    List<Double> accs = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int bestRounds = 0;
    int wait = 0;
    String reason = "all " + rounds + " rounds run";
    for (int m = 0; m < rounds; m++) {
      ParamMap extra = new ParamMap();
      extra.put((Param) base.getParam("featuresCol"), featuresCol);
      extra.put((Param) base.getParam("labelCol"), labelCol);
      extra.put((Param) base.getParam("weightCol"), W);
      if (base.hasParam("seed")) {
        extra.put((Param) base.getParam("seed"), seeds[m]);
      }
      Predictor<Vector, ?, ?> est = (Predictor<Vector, ?, ?>) base.copy(extra);
      Dataset<Row> train = cur.filter(functions.not(functions.col(VALID)));
      int round = m + 1;
      PredictionModel<Vector, ?> member;
      try {
        member =
            SparkJobs.describe(
                dataset.sparkSession().sparkContext(),
                source + " round " + round + "/" + rounds,
                () -> (PredictionModel<Vector, ?>) est.fit(train));
      } catch (Exception e) {
        throw new IllegalStateException(
            String.format(
                "%s round %d of %d (%s %s) failed: %s",
                source, round, rounds, base.getClass().getSimpleName(), base.uid(), e.getMessage()),
            e);
      }
      PredictionModel<Vector, ?> fitted = member;
      UserDefinedFunction predict =
          functions.udf((UDF1<Vector, Double>) fitted::predict, DataTypes.DoubleType);
      Dataset<Row> withPred = cur.withColumn(PRED, predict.apply(functions.col(featuresCol)));
      Column miss = functions.col(PRED).notEqual(functions.col(labelCol));
      Row agg =
          withPred
              .filter(functions.not(functions.col(VALID)))
              .agg(
                  functions.sum(W),
                  functions.sum(functions.when(miss, functions.col(W)).otherwise(0.0)))
              .head();
      double sumW = agg.getDouble(0);
      double err = agg.getDouble(1) / sumW;
      if (err >= 1.0 - 1.0 / k) {
        if (m == 0) {
          throw new IllegalStateException(
              String.format(
                  "%s: the base estimator %s (%s) is no better than chance on the training data"
                      + " (weighted error %.4f >= %.4f for %d classes); use a stronger base"
                      + " estimator.",
                  source, base.getClass().getSimpleName(), base.uid(), err, 1.0 - 1.0 / k, k));
        }
        reason =
            "round "
                + round
                + " no better than chance (weighted error "
                + String.format("%.4f", err)
                + "); kept "
                + members.size()
                + " rounds";
        break;
      }
      boolean perfect = err <= 0;
      double alpha = perfect ? 1.0 : lr * (Math.log((1 - err) / err) + Math.log(k - 1));
      double grow = Math.exp(alpha);
      double newSum = sumW - agg.getDouble(1) + agg.getDouble(1) * grow;
      UserDefinedFunction addVote =
          functions.udf(
              (UDF3<WrappedArray<Double>, Double, Double, double[]>)
                  (s, pred, a) -> {
                    double[] out = new double[s.length()];
                    for (int c = 0; c < out.length; c++) {
                      out[c] = s.apply(c);
                    }
                    int c = pred.intValue();
                    if (c >= 0 && c < out.length) {
                      out[c] += a;
                    }
                    return out;
                  },
              DataTypes.createArrayType(DataTypes.DoubleType));
      Dataset<Row> next =
          withPred
              .withColumn(
                  W,
                  functions
                      .when(functions.col(VALID), functions.col(W))
                      .otherwise(
                          functions
                              .when(miss, functions.col(W).multiply(grow))
                              .otherwise(functions.col(W))
                              .divide(newSum)))
              .withColumn(
                  SCORE,
                  addVote.apply(functions.col(SCORE), functions.col(PRED), functions.lit(alpha)))
              .drop(PRED)
              .localCheckpoint(true);
      members.add(member);
      alphas.add(alpha);
      errors.add(err);
      double loss = Double.NaN;
      double acc = Double.NaN;
      if (hasValid) {
        double sumAlpha = alphas.stream().mapToDouble(Double::doubleValue).sum();
        double[] va = validationMetrics(next, labelCol, k, sumAlpha);
        loss = va[0];
        acc = va[1];
      }
      losses.add(loss);
      accs.add(acc);
      cur = next;
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("weightedError", err);
      metrics.put("alpha", alpha);
      if (hasValid) {
        metrics.put("validationLogLoss", loss);
        metrics.put("validationAccuracy", acc);
      }
      if (!hasValid || loss < best - 1e-12) {
        best = hasValid ? loss : best;
        bestRounds = members.size();
        wait = 0;
      } else {
        wait++;
      }
      LOG.info(
          "[{}] round {} of {}: weighted error {}, alpha {}{}",
          fitId,
          round,
          rounds,
          String.format("%.4f", err),
          String.format("%.4f", alpha),
          hasValid
              ? String.format(
                  ", validation log loss %.4f (best %.4f after %d rounds)", loss, best, bestRounds)
              : "");
      Decision d =
          TrainingListeners.emit(
              TrainingEvent.step(fitId, source, StepKind.ROUND, round, rounds, metrics));
      if (perfect) {
        reason = "round " + round + " fits the training data perfectly";
        break;
      }
      if (hasValid && wait >= getPatience()) {
        reason =
            "early stopping: no better validation log loss for "
                + getPatience()
                + " rounds; kept the best "
                + bestRounds
                + " rounds";
        break;
      }
      if (d == Decision.STOP) {
        reason = "stopped by a listener after round " + round;
        break;
      }
    }
    int kept = hasValid ? bestRounds : members.size();
    LOG.info("[{}] {}: {}", fitId, source, reason);
    TrainingListeners.emit(
        TrainingEvent.finished(
            fitId, source, StepKind.ROUND, alphas.size(), rounds, Map.of(), reason));
    AdaBoostSummary summary =
        new AdaBoostSummary(
            toArray(errors), toArray(alphas), toArray(losses), toArray(accs), kept, reason);
    return copyValues(
        new AdaBoostClassificationModel(
            uid(),
            new ArrayList<>(members.subList(0, kept)),
            toArray(alphas.subList(0, kept)),
            k,
            summary),
        ParamMap.empty());
  }

  /** Validation log loss and accuracy of the ensemble so far, from the running vote scores. */
  private static double[] validationMetrics(
      Dataset<Row> data, String labelCol, int k, double sumAlpha) {
    UserDefinedFunction lossAndHit =
        functions.udf(
            (UDF3<WrappedArray<Double>, Double, Double, double[]>)
                (s, label, total) -> {
                  double[] raw = new double[s.length()];
                  for (int c = 0; c < raw.length; c++) {
                    raw[c] = s.apply(c) / total;
                  }
                  double[] prob = AdaBoostClassificationModel.probabilities(raw);
                  int y = label.intValue();
                  int argmax = 0;
                  for (int c = 1; c < raw.length; c++) {
                    if (raw[c] > raw[argmax]) {
                      argmax = c;
                    }
                  }
                  return new double[] {
                    -Math.log(Math.max(prob[y], 1e-15)), argmax == y ? 1.0 : 0.0
                  };
                },
            DataTypes.createArrayType(DataTypes.DoubleType));
    Column v =
        lossAndHit.apply(functions.col(SCORE), functions.col(labelCol), functions.lit(sumAlpha));
    Row r =
        data.filter(functions.col(VALID))
            .select(v.as("v"))
            .agg(
                functions.avg(functions.col("v").getItem(0)),
                functions.avg(functions.col("v").getItem(1)))
            .head();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException(
          "AdaBoostClassifier: column validationIndicatorCol marks"
              + " no row as validation (all false or null); mark some rows true or unset it.");
    }
    return new double[] {r.getDouble(0), r.getDouble(1)};
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public AdaBoostClassifier copy(ParamMap extra) {
    return NestedCopy.stages(defaultCopy(extra), extra);
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  public static MLReader<AdaBoostClassifier> read() {
    return new NestedStages.Reader<>(AdaBoostClassifier.class, AdaBoostClassifier::new);
  }

  public static AdaBoostClassifier load(String path) {
    return read().load(path);
  }
}
