package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.slf4j.LoggerFactory;

/**
 * The one place the ensembles module's own params get a name, a doc, a validator ({@link
 * ParamCheck}) and a default: one holder per family ({@link Bagging}, {@link AdaBoost}, {@link
 * Stacking}), created by each estimator and model in its constructor and exposed through the
 * accessors of {@link BaggingParams}, {@link AdaBoostParams} and {@link StackingParams}. The holder
 * is the stage's {@link Core}: it also keeps the uid, so a stage's constructors are only {@code
 * this(EarlyUid.push(uid))} and {@code p = Bagging.classifier(this, token)} (or its family's
 * factory), and its {@code uid()} is the interface's.
 */
public final class EnsembleParamSpecs {
  private EnsembleParamSpecs() {}

  /**
   * What an ensemble stage keeps besides Spark's own state: its uid and its param objects. Spark's
   * superclass constructor reads {@code uid()} before the stage can assign a field, so until the
   * holder is built the uid is the pending one of {@link EarlyUid}; the family factories take it
   * once every param is created.
   */
  public abstract static class Core implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String uid;

    Core() {
      uid = EarlyUid.peek();
    }

    /** The uid of the stage whose holder is {@code core}; the pending one while it is built. */
    static String uid(Core core) {
      return core != null ? core.uid : EarlyUid.peek();
    }

    /** Builds a holder for the stage being constructed and consumes its pending uid. */
    static <C extends Core> C build(EarlyUid.Token token, Function<String, C> make) {
      try {
        return make.apply(EarlyUid.peek());
      } finally {
        EarlyUid.take();
      }
    }
  }

  private static StageParam<PipelineStage> predictorParam(Params owner, String name, String doc) {
    return new StageParam<>(owner, name, doc, new PredictorCheck(name));
  }

  /** A Spark ML Predictor; the message names the class and uid of a stage that is not one. */
  private static final class PredictorCheck extends ParamCheck<PipelineStage> {
    private static final long serialVersionUID = 1L;
    private final String name;

    PredictorCheck(String name) {
      super(name, "must be a Spark ML Predictor", s -> s instanceof Predictor);
      this.name = name;
    }

    @Override
    public Object apply(PipelineStage value) {
      if (value != null && !(value instanceof Predictor)) {
        throw new IllegalArgumentException(
            String.format(
                "Param %s must be a Spark ML Predictor (featuresCol, labelCol -> predictionCol) but"
                    + " %s (%s) is not one. Use a classifier or regressor, e.g."
                    + " DecisionTreeClassifier or LogisticRegression.",
                name, value.getClass().getSimpleName(), value.uid()));
      }
      return super.apply(value);
    }
  }

  private static IntParam atLeastOne(Params owner, String name, String doc) {
    return new IntParam(owner, name, doc + " (>= 1)", ParamCheck.atLeast(name, 1));
  }

  private static DoubleParam fraction(Params owner, String name, String doc) {
    return new DoubleParam(
        owner,
        name,
        doc + ", in (0, 1]",
        ParamCheck.of(
            name,
            "must be in (0, 1]",
            v -> ((Number) v).doubleValue() > 0 && ((Number) v).doubleValue() <= 1));
  }

  /** The bagging params (and {@code voting} for the classifier), with their defaults. */
  public static final class Bagging extends Core {
    private static final long serialVersionUID = 1L;
    final StageParam<PipelineStage> baseEstimator;
    final IntParam numMembers;
    final DoubleParam sampleFraction;
    final BooleanParam bootstrap;
    final DoubleParam featureFraction;
    final BooleanParam computeOob;
    final IntParam parallelism;
    final LongParam seed;

    /** Classifier only (null for the regressor). */
    final Param<String> voting;

    /** For a bagging classifier or its model (a decision tree by default, soft voting). */
    static Bagging classifier(Params owner, EarlyUid.Token token) {
      return build(
          token, uid -> new Bagging(owner, new DecisionTreeClassifier(uid + "_base"), true));
    }

    /** For a bagging regressor or its model (a decision tree by default). */
    static Bagging regressor(Params owner, EarlyUid.Token token) {
      return build(
          token, uid -> new Bagging(owner, new DecisionTreeRegressor(uid + "_base"), false));
    }

    private Bagging(Params owner, PipelineStage defaultBase, boolean classification) {
      baseEstimator =
          predictorParam(owner, "baseEstimator", "the Spark ML Predictor fitted once per member");
      numMembers = atLeastOne(owner, "numMembers", "number of members");
      sampleFraction =
          fraction(owner, "sampleFraction", "expected share of the training rows each member sees");
      bootstrap =
          new BooleanParam(
              owner,
              "bootstrap",
              "sample rows with replacement (true, seeded Poisson counts) or without (false)");
      featureFraction =
          fraction(
              owner,
              "featureFraction",
              "share of the features each member sees (a random subset per member)");
      computeOob =
          new BooleanParam(
              owner,
              "computeOob",
              "compute the out-of-bag score at fit time (each row scored only by members that did not"
                  + " see it)");
      parallelism = ParamSpecs.parallelism(owner);
      seed = ParamSpecs.seed(owner);
      voting =
          classification
              ? ParamSpecs.enumParam(
                  owner,
                  "voting",
                  "how members combine: soft averages probabilities, hard counts predicted classes",
                  BaggingClassifierParams.Voting.class)
              : null;
      owner.setDefault(baseEstimator, defaultBase);
      owner.setDefault(numMembers, 10);
      owner.setDefault(sampleFraction, 1.0);
      owner.setDefault(bootstrap, true);
      owner.setDefault(featureFraction, 1.0);
      owner.setDefault(computeOob, false);
      owner.setDefault(parallelism, 1);
      owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
      if (classification) {
        owner.setDefault(voting, "soft");
      }
    }
  }

  /** The AdaBoost params, with their defaults. */
  public static final class AdaBoost extends Core {
    private static final long serialVersionUID = 1L;
    final StageParam<PipelineStage> baseEstimator;
    final IntParam numRounds;
    final DoubleParam learningRate;
    final Param<String> validationIndicatorCol;
    final IntParam patience;
    final LongParam seed;

    /** For AdaBoost or its model (a depth-1 decision tree by default). */
    static AdaBoost of(Params owner, EarlyUid.Token token) {
      return build(
          token,
          uid -> new AdaBoost(owner, new DecisionTreeClassifier(uid + "_base").setMaxDepth(1)));
    }

    private AdaBoost(Params owner, PipelineStage defaultBase) {
      baseEstimator =
          predictorParam(
              owner,
              "baseEstimator",
              "the Spark ML classifier fitted each round; it must have param weightCol");
      numRounds = atLeastOne(owner, "numRounds", "maximum number of boosting rounds");
      learningRate =
          new DoubleParam(
              owner,
              "learningRate",
              "shrinks the weight of each round (> 0)",
              ParamCheck.of(
                  "learningRate",
                  "must be > 0 and finite",
                  v -> ((Number) v).doubleValue() > 0 && !Double.isInfinite((Double) v)));
      validationIndicatorCol =
          new Param<>(
              owner,
              "validationIndicatorCol",
              "boolean column: true marks validation rows (not trained on,"
                  + " used for early stopping); empty means no validation set");
      patience =
          atLeastOne(
              owner,
              "patience",
              "rounds without a better validation log loss before boosting stops");
      seed = ParamSpecs.seed(owner);
      owner.setDefault(baseEstimator, defaultBase);
      owner.setDefault(numRounds, 50);
      owner.setDefault(learningRate, 1.0);
      owner.setDefault(validationIndicatorCol, "");
      owner.setDefault(patience, 5);
      owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
    }
  }

  /**
   * The stacking params (and {@code stackMethod} for the classifier), with their defaults; the
   * column params come from Spark's Predictor.
   */
  public static final class Stacking extends Core {
    private static final long serialVersionUID = 1L;
    final IntParam numFolds;
    final LongParam seed;
    final Param<String> groupCol;
    final IntParam parallelism;
    final StageArrayParam baseEstimators;
    final StageParam<PipelineStage> metaEstimator;
    final BooleanParam passthrough;

    /** Classifier only (null for the regressor). */
    final Param<String> stackMethod;

    /** For a stacking classifier or its model (logistic regression as meta-estimator). */
    static Stacking classifier(Params owner, EarlyUid.Token token) {
      return build(token, uid -> new Stacking(owner, new LogisticRegression(uid + "_meta"), true));
    }

    /** For a stacking regressor or its model (linear regression as meta-estimator). */
    static Stacking regressor(Params owner, EarlyUid.Token token) {
      return build(token, uid -> new Stacking(owner, new LinearRegression(uid + "_meta"), false));
    }

    private Stacking(Params owner, PipelineStage defaultMeta, boolean classification) {
      numFolds = ParamSpecs.numFolds(owner);
      seed = ParamSpecs.seed(owner);
      groupCol = ParamSpecs.groupCol(owner);
      parallelism = ParamSpecs.parallelism(owner);
      baseEstimators =
          new StageArrayParam(
              owner,
              "baseEstimators",
              "base estimators: Spark ML Predictors or Refinery XGBoost estimators; each is fitted"
                  + " once per fold (out-of-fold meta-features) and once on all rows",
              new BaseCheck());
      metaEstimator =
          predictorParam(
              owner, "metaEstimator", "the Spark ML Predictor fitted on the meta-features");
      passthrough =
          new BooleanParam(
              owner, "passthrough", "append the original features to the meta-features");
      stackMethod =
          classification
              ? new Param<>(
                  owner,
                  "stackMethod",
                  "which output of the base models feeds the meta-estimator (one of: "
                      + String.join(", ", STACK_METHODS)
                      + ")",
                  new StackMethodCheck())
              : null;
      owner.setDefault(numFolds, 5);
      owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
      owner.setDefault(groupCol, "");
      owner.setDefault(parallelism, 1);
      owner.setDefault(baseEstimators, new PipelineStage[0]);
      owner.setDefault(metaEstimator, defaultMeta);
      owner.setDefault(passthrough, false);
      if (classification) {
        owner.setDefault(stackMethod, "probability");
      }
    }
  }

  /** The values of {@code stackMethod}: the output column kinds of a Spark classifier. */
  static final List<String> STACK_METHODS = List.of("probability", "rawPrediction", "prediction");

  /** The spelling {@code stackMethod} took before it matched the column kinds (still read). */
  static final String OLD_RAW_PREDICTION = "rawprediction";

  private static final AtomicBoolean WARNED_OLD_STACK_METHOD = new AtomicBoolean();

  /** One of {@link #STACK_METHODS}; the old spelling is read with one deprecation WARN. */
  private static final class StackMethodCheck extends ParamCheck<String> {
    private static final long serialVersionUID = 1L;
    private final ParamCheck<String> oneOf =
        ParamCheck.oneOf("stackMethod", STACK_METHODS.toArray(new String[0]));

    StackMethodCheck() {
      super("stackMethod", "must be one of: " + String.join(", ", STACK_METHODS), v -> true);
    }

    @Override
    public Object apply(String value) {
      if (OLD_RAW_PREDICTION.equals(value)) {
        if (WARNED_OLD_STACK_METHOD.compareAndSet(false, true)) {
          LoggerFactory.getLogger(StackingClassifier.class)
              .warn(
                  "stackMethod '{}' is deprecated; it is read as '{}' (the new spelling).",
                  OLD_RAW_PREDICTION,
                  "rawPrediction");
        }
        return Boolean.TRUE;
      }
      return oneOf.apply(value);
    }
  }

  /** Every base estimator must be usable by stacking; the message names the bad element. */
  private static final class BaseCheck extends ParamCheck<PipelineStage[]> {
    private static final long serialVersionUID = 1L;

    BaseCheck() {
      super(
          "baseEstimators",
          "must be a list of Spark ML Predictors (or Refinery XGBoost estimators)",
          a -> java.util.Arrays.stream(a).allMatch(StackingFit::isBase));
    }

    @Override
    public Object apply(PipelineStage[] value) {
      for (int i = 0; value != null && i < value.length; i++) {
        if (!StackingFit.isBase(value[i])) {
          throw new IllegalArgumentException(
              String.format(
                  "Param baseEstimators: element %d, %s (%s), is not a Spark ML Predictor"
                      + " (featuresCol, labelCol -> predictionCol).",
                  i + 1,
                  value[i] == null ? "null" : value[i].getClass().getSimpleName(),
                  value[i] == null ? "-" : value[i].uid()));
        }
      }
      return super.apply(value);
    }
  }
}
