package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamSpecs;
import ai.refinery.estimators.run.FitIds;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
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
 * <p>The out-of-fold meta-features are computed once and checkpointed before the meta-estimator
 * runs: to the SparkContext's checkpoint directory when one is set (survives a lost executor),
 * otherwise locally on the executors.
 */
public class StackingClassifier extends Estimator<StackingClassificationModel>
    implements StackingClassifierParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  final EnsembleParamSpecs.Stacking p;
  private final Param<String> stackMethod;

  public StackingClassifier() {
    this(Uids.random("stackc"));
  }

  public StackingClassifier(String uid) {
    this.uid = uid;
    p = new EnsembleParamSpecs.Stacking(this, new LogisticRegression(uid + "_meta"));
    stackMethod =
        ParamSpecs.enumParam(
            this,
            "stackMethod",
            "which output of the base models feeds the meta-estimator",
            StackMethod.class);
    setDefault(stackMethod, "probability");
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return p.featuresCol;
  }

  @Override
  public Param<String> labelCol() {
    return p.labelCol;
  }

  @Override
  public Param<String> predictionCol() {
    return p.predictionCol;
  }

  @Override
  public IntParam numFolds() {
    return p.numFolds;
  }

  @Override
  public LongParam seed() {
    return p.seed;
  }

  @Override
  public Param<String> groupCol() {
    return p.groupCol;
  }

  @Override
  public IntParam parallelism() {
    return p.parallelism;
  }

  @Override
  public StageArrayParam baseEstimators() {
    return p.baseEstimators;
  }

  @Override
  public StageParam<PipelineStage> metaEstimator() {
    return p.metaEstimator;
  }

  @Override
  public BooleanParam passthrough() {
    return p.passthrough;
  }

  @Override
  public Param<String> stackMethod() {
    return stackMethod;
  }

  public StackingClassifier setFeaturesCol(String value) {
    return (StackingClassifier) set(p.featuresCol, value);
  }

  public StackingClassifier setLabelCol(String value) {
    return (StackingClassifier) set(p.labelCol, value);
  }

  public StackingClassifier setPredictionCol(String value) {
    return (StackingClassifier) set(p.predictionCol, value);
  }

  public StackingClassifier setNumFolds(int value) {
    return (StackingClassifier) set(p.numFolds, value);
  }

  public StackingClassifier setSeed(long value) {
    return (StackingClassifier) set(p.seed, value);
  }

  public StackingClassifier setGroupCol(String value) {
    return (StackingClassifier) set(p.groupCol, value);
  }

  public StackingClassifier setParallelism(int value) {
    return (StackingClassifier) set(p.parallelism, value);
  }

  public StackingClassifier setBaseEstimators(PipelineStage... value) {
    return (StackingClassifier) set(p.baseEstimators, value);
  }

  public StackingClassifier setMetaEstimator(PipelineStage value) {
    return (StackingClassifier) set(p.metaEstimator, value);
  }

  public StackingClassifier setPassthrough(boolean value) {
    return (StackingClassifier) set(p.passthrough, value);
  }

  public StackingClassifier setStackMethod(String value) {
    return (StackingClassifier) set(stackMethod, value);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.estimator(this, schema, getStackMethod(), "StackingClassifier");
  }

  @Override
  public StackingClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    StackingFit.Result r =
        StackingFit.fit(
            this, dataset, getStackMethod(), true, "StackingClassifier", FitIds.next("stack"));
    StackingClassificationModel m =
        new StackingClassificationModel(uid, r.bases(), r.meta(), r.numClasses());
    return (StackingClassificationModel) copyValues(m, ParamMap.empty()).setParent(this);
  }

  @Override
  public StackingClassifier copy(ParamMap extra) {
    StackingClassifier c = (StackingClassifier) defaultCopy(extra);
    StackingSchemas.deepCopyStages(c);
    return c;
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
