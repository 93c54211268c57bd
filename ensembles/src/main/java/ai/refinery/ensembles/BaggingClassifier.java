package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.run.FitIds;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

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
  private String uid;
  private final EnsembleParamSpecs.Bagging p;

  public BaggingClassifier() {
    this(Uids.random("bagc"));
  }

  public BaggingClassifier(String uid) {
    this(EarlyUid.push(uid));
  }

  private BaggingClassifier(EarlyUid.Token token) {
    super();
    uid();
    p = new EnsembleParamSpecs.Bagging(this, new DecisionTreeClassifier(uid + "_base"), true);
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = EarlyUid.take();
    }
    return uid;
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
    String fitId = FitIds.next("bag");
    BaggingFit.requireTwoClasses(dataset, getLabelCol(), "BaggingClassifier");
    int numClasses = getNumClasses(dataset, 1000);
    Dataset<Row> data =
        BaggingFit.prepare(dataset, getFeaturesCol(), getLabelCol(), numClasses)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      MemberSet members =
          BaggingFit.fit(this, data, getFeaturesCol(), getLabelCol(), "BaggingClassifier", fitId);
      BaggingClassificationModel model =
          copyValues(new BaggingClassificationModel(uid(), members, numClasses), ParamMap.empty());
      if (getComputeOob()) {
        model.setOob(OutOfBag.classification(model, data, getLabelCol(), fitId));
      }
      return model;
    } finally {
      data.unpersist();
    }
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
