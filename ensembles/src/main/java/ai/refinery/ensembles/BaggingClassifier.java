package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * Bagging over any Spark ML Predictor: {@code numMembers} copies of the base estimator, each fitted
 * on a seeded, distributed sample of the rows (with or without replacement) and optionally a random
 * subset of the features; predictions average the members' probabilities (soft voting) or count
 * their votes (hard voting). With {@code computeOob} the model carries an out-of-bag accuracy (and
 * ROC AUC for two classes): each row scored only by members that did not see it.
 */
public class BaggingClassifier
    extends ProbabilisticClassifier<Vector, BaggingClassifier, BaggingClassificationModel>
    implements BaggingClassifierParams, BaggingSetters<BaggingClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final EnsembleParamSpecs.Bagging p;

  public BaggingClassifier() {
    this(Uids.random("bagc"));
  }

  public BaggingClassifier(String uid) {
    this(EarlyUid.push(uid));
  }

  private BaggingClassifier(EarlyUid.Token token) {
    super();
    p = EnsembleParamSpecs.Bagging.classifier(this, token);
  }

  @Override
  public EnsembleParamSpecs.Bagging baggingParams() {
    return p;
  }

  public BaggingClassifier setVoting(String value) {
    return (BaggingClassifier) set(voting(), value);
  }

  @Override
  public org.apache.spark.sql.types.StructType transformSchema(
      org.apache.spark.sql.types.StructType schema) {
    return SchemaOrder.predictionLast(super.transformSchema(schema), getPredictionCol());
  }

  @Override
  public BaggingClassificationModel train(Dataset<?> dataset) {
    BaggingFit.requireTwoClasses(dataset, getLabelCol(), "BaggingClassifier");
    int numClasses = getNumClasses(dataset, 1000);
    return BaggingFit.train(
        this,
        dataset,
        getFeaturesCol(),
        getLabelCol(),
        numClasses,
        "BaggingClassifier",
        members ->
            copyValues(
                new BaggingClassificationModel(uid(), members, numClasses), ParamMap.empty()),
        OutOfBag::classification);
  }

  @Override
  public BaggingClassifier copy(ParamMap extra) {
    return NestedCopy.stages(defaultCopy(extra), extra);
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  public static MLReader<BaggingClassifier> read() {
    return new NestedStages.Reader<>(BaggingClassifier.class, BaggingClassifier::new);
  }

  public static BaggingClassifier load(String path) {
    return read().load(path);
  }
}
