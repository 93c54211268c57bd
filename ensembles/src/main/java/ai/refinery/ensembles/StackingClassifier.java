package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.run.FitIds;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Stacking for classification: the base estimators' out-of-fold outputs (probability, rawPrediction
 * or prediction: {@code stackMethod}) on stratified folds from the cv module (group folds when
 * {@code groupCol} is set) become the features of the meta-estimator (logistic regression by
 * default), optionally with the original features ({@code passthrough}); the base estimators are
 * then refitted on all rows for the final model. For two classes the first
 * probability/rawPrediction column is dropped (it is redundant), as scikit-learn does.
 *
 * <p>It is a Spark ProbabilisticClassifier: the model writes {@code predictionCol}, {@code
 * rawPredictionCol} and {@code probabilityCol} (the meta model's outputs), so it works with Spark's
 * evaluators and inside a Pipeline like Spark's own classifiers.
 *
 * <p>The out-of-fold meta-features are computed once and checkpointed before the meta-estimator
 * runs: to the SparkContext's checkpoint directory when one is set (survives a lost executor),
 * otherwise locally on the executors.
 */
public class StackingClassifier
    extends ProbabilisticClassifier<Vector, StackingClassifier, StackingClassificationModel>
    implements StackingClassifierParams, StackingSetters<StackingClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final EnsembleParamSpecs.Stacking p;

  public StackingClassifier() {
    this(Uids.random("stackc"));
  }

  public StackingClassifier(String uid) {
    this(EarlyUid.push(uid));
  }

  private StackingClassifier(EarlyUid.Token token) {
    super();
    p = EnsembleParamSpecs.Stacking.classifier(this, token);
  }

  @Override
  public EnsembleParamSpecs.Stacking stackingParams() {
    return p;
  }

  /** Sets {@code stackMethod}: probability, rawPrediction or prediction. */
  public StackingClassifier setStackMethod(String value) {
    return (StackingClassifier) set(stackMethod(), value);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.estimator(this, schema, getStackMethod(), "StackingClassifier");
  }

  @Override
  public StackingClassificationModel train(Dataset<?> dataset) {
    StackingFit.Result r =
        StackingFit.fit(
            this, dataset, getStackMethod(), true, "StackingClassifier", FitIds.next("stack"));
    return new StackingClassificationModel(uid(), r);
  }

  @Override
  public StackingClassifier copy(ParamMap extra) {
    return NestedCopy.stages(defaultCopy(extra), extra);
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  public static MLReader<StackingClassifier> read() {
    return new NestedStages.Reader<>(StackingClassifier.class, StackingClassifier::new);
  }

  public static StackingClassifier load(String path) {
    return read().load(path);
  }
}
