package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** The one place the ensembles module's own params get a name, a doc and a validator. */
final class EnsembleParamSpecs {
  private EnsembleParamSpecs() {}

  static StageParam<PipelineStage> predictorParam(Params owner, String name, String doc) {
    return new StageParam<>(
        owner,
        name,
        doc,
        new ParamCheck<PipelineStage>(
            name,
            "must be a Spark ML Predictor (featuresCol, labelCol -> predictionCol)",
            s -> s instanceof Predictor) {
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
        });
  }

  static IntParam atLeastOne(Params owner, String name, String doc) {
    return new IntParam(
        owner,
        name,
        doc + " (>= 1)",
        ParamCheck.<Object>of(name, "must be >= 1", v -> (Integer) v >= 1));
  }

  static DoubleParam fraction(Params owner, String name, String doc) {
    return new DoubleParam(
        owner,
        name,
        doc + ", in (0, 1]",
        ParamCheck.<Object>of(name, "must be in (0, 1]", v -> (Double) v > 0 && (Double) v <= 1));
  }

  static DoubleParam positive(Params owner, String name, String doc) {
    return new DoubleParam(
        owner,
        name,
        doc + " (> 0)",
        ParamCheck.<Object>of(
            name, "must be > 0", v -> (Double) v > 0 && !Double.isInfinite((Double) v)));
  }

  static BooleanParam bool(Params owner, String name, String doc) {
    return new BooleanParam(owner, name, doc);
  }

  /** The bagging params, created for one owner with their defaults. */
  static final class Bagging implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final StageParam<PipelineStage> baseEstimator;
    final IntParam numMembers;
    final DoubleParam sampleFraction;
    final BooleanParam bootstrap;
    final DoubleParam featureFraction;
    final BooleanParam computeOob;
    final IntParam parallelism;
    final org.apache.spark.ml.param.LongParam seed;

    Bagging(Params owner, PipelineStage defaultBase) {
      baseEstimator =
          predictorParam(owner, "baseEstimator", "the Spark ML Predictor fitted once per member");
      numMembers = atLeastOne(owner, "numMembers", "number of members");
      sampleFraction =
          fraction(owner, "sampleFraction", "expected share of the training rows each member sees");
      bootstrap =
          bool(
              owner,
              "bootstrap",
              "sample rows with replacement (true, seeded Poisson counts) or without (false)");
      featureFraction =
          fraction(
              owner,
              "featureFraction",
              "share of the features each member sees (a random subset per member)");
      computeOob =
          bool(
              owner,
              "computeOob",
              "compute the out-of-bag score at fit time (each row scored only by members that did not"
                  + " see it)");
      parallelism = ParamSpecs.parallelism(owner);
      seed = ParamSpecs.seed(owner);
      owner.setDefault(baseEstimator, defaultBase);
      owner.setDefault(numMembers, 10);
      owner.setDefault(sampleFraction, 1.0);
      owner.setDefault(bootstrap, true);
      owner.setDefault(featureFraction, 1.0);
      owner.setDefault(computeOob, false);
      owner.setDefault(parallelism, 1);
      owner.setDefault(seed, 42L);
    }
  }

  /** The AdaBoost params, created for one owner with their defaults. */
  static final class AdaBoost implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final StageParam<PipelineStage> baseEstimator;
    final IntParam numRounds;
    final DoubleParam learningRate;
    final org.apache.spark.ml.param.Param<String> validationIndicatorCol;
    final IntParam patience;
    final org.apache.spark.ml.param.LongParam seed;

    AdaBoost(Params owner, PipelineStage defaultBase) {
      baseEstimator =
          predictorParam(
              owner,
              "baseEstimator",
              "the Spark ML classifier fitted each round; it must have param weightCol");
      numRounds = atLeastOne(owner, "numRounds", "maximum number of boosting rounds");
      learningRate = positive(owner, "learningRate", "shrinks the weight of each round");
      validationIndicatorCol =
          new org.apache.spark.ml.param.Param<>(
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
      owner.setDefault(seed, 42L);
    }
  }

  /** The stacking params, created for one owner with their defaults. */
  static final class Stacking implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final org.apache.spark.ml.param.Param<String> featuresCol;
    final org.apache.spark.ml.param.Param<String> labelCol;
    final org.apache.spark.ml.param.Param<String> predictionCol;
    final IntParam numFolds;
    final org.apache.spark.ml.param.LongParam seed;
    final org.apache.spark.ml.param.Param<String> groupCol;
    final IntParam parallelism;
    final StageArrayParam baseEstimators;
    final StageParam<PipelineStage> metaEstimator;
    final BooleanParam passthrough;

    Stacking(Params owner, PipelineStage defaultMeta) {
      featuresCol = ParamSpecs.featuresCol(owner);
      labelCol = ParamSpecs.labelCol(owner);
      predictionCol = ParamSpecs.predictionCol(owner);
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
              new ParamCheck<PipelineStage[]>(
                  "baseEstimators",
                  "must be a list of Spark ML Predictors (or Refinery XGBoost estimators)",
                  a -> java.util.Arrays.stream(a).allMatch(StackingFit::isBase)) {
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
              });
      metaEstimator =
          predictorParam(
              owner, "metaEstimator", "the Spark ML Predictor fitted on the meta-features");
      passthrough = bool(owner, "passthrough", "append the original features to the meta-features");
      owner.setDefault(featuresCol, "features");
      owner.setDefault(labelCol, "label");
      owner.setDefault(predictionCol, "prediction");
      owner.setDefault(numFolds, 5);
      owner.setDefault(seed, 42L);
      owner.setDefault(groupCol, "");
      owner.setDefault(parallelism, 1);
      owner.setDefault(baseEstimators, new PipelineStage[0]);
      owner.setDefault(metaEstimator, defaultMeta);
      owner.setDefault(passthrough, false);
    }
  }
}
