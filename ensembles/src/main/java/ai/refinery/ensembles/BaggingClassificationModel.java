package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link BaggingClassifier}: the members, their seeds and feature subsets, and the
 * out-of-bag score when it was computed. rawPrediction is the averaged member probabilities (soft
 * voting) or the vote counts (hard voting); probability is its normalised form.
 */
public class BaggingClassificationModel
    extends ProbabilisticClassificationModel<Vector, BaggingClassificationModel>
    implements BaggingClassifierParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final EnsembleParamSpecs.Bagging p;
  private final Param<String> voting;
  private final MemberSet members;
  private final int numClasses;
  private OobScore oob = OobScore.NONE;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public BaggingClassificationModel(String uid) {
    this(uid, new MemberSet(List.of(), new long[0], new int[0][]), 2);
  }

  BaggingClassificationModel(String uid, MemberSet members, int numClasses) {
    this(EarlyUid.push(uid), members, numClasses);
  }

  private BaggingClassificationModel(EarlyUid.Token token, MemberSet members, int numClasses) {
    super();
    uid();
    this.members = members;
    this.numClasses = numClasses;
    p = new EnsembleParamSpecs.Bagging(this, new DecisionTreeClassifier(uid + "_base"));
    voting =
        ParamSpecs.enumParam(
            this,
            "voting",
            "how members combine: soft averages probabilities, hard counts predicted classes",
            Voting.class);
    setDefault(voting, "soft");
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = EarlyUid.take();
    }
    return uid;
  }

  @Override
  public StageParam<PipelineStage> baseEstimator() {
    return p.baseEstimator;
  }

  @Override
  public IntParam numMembers() {
    return p.numMembers;
  }

  @Override
  public DoubleParam sampleFraction() {
    return p.sampleFraction;
  }

  @Override
  public BooleanParam bootstrap() {
    return p.bootstrap;
  }

  @Override
  public DoubleParam featureFraction() {
    return p.featureFraction;
  }

  @Override
  public BooleanParam computeOob() {
    return p.computeOob;
  }

  @Override
  public IntParam parallelism() {
    return p.parallelism;
  }

  @Override
  public LongParam seed() {
    return p.seed;
  }

  @Override
  public Param<String> voting() {
    return voting;
  }

  /** Switches between soft and hard voting on the fitted members. */
  public BaggingClassificationModel setVoting(String value) {
    return (BaggingClassificationModel) set(voting, value);
  }

  /** Resolves the clash of Spark's two summary helpers for Java subclasses (no summary here). */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public org.apache.spark.sql.types.StructType transformSchema(
      org.apache.spark.sql.types.StructType schema) {
    return SchemaOrder.predictionLast(super.transformSchema(schema), getPredictionCol());
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Number of fitted members (fewer than numMembers when a listener stopped the fit). */
  public int memberCount() {
    return members.size();
  }

  /** The fitted member models, in member order. */
  public List<PredictionModel<Vector, ?>> memberModels() {
    return List.copyOf(members.models);
  }

  /** Feature indices member {@code m} sees, or null for all features. */
  public int[] memberFeatures(int m) {
    return members.featureIndices[m] == null ? null : members.featureIndices[m].clone();
  }

  /** The out-of-bag estimate ({@link OobScore#NONE} unless fitted with computeOob). */
  public OobScore oobScore() {
    return oob;
  }

  MemberSet members() {
    return members;
  }

  void setOob(OobScore s) {
    this.oob = s;
  }

  boolean isHardVoting() {
    return "hard".equals(getVoting());
  }

  /** Adds member m's vote (hard) or probabilities (soft) to {@code sum}. */
  static void accumulate(MemberSet members, int m, Vector x, boolean hard, double[] sum) {
    if (hard) {
      int c = (int) members.predict(m, x);
      if (c >= 0 && c < sum.length) {
        sum[c] += 1;
      }
    } else {
      double[] pr = members.probability(m, x, sum.length);
      for (int c = 0; c < sum.length; c++) {
        sum[c] += pr[c];
      }
    }
  }

  @Override
  public Vector predictRaw(Vector features) {
    double[] sum = new double[numClasses];
    boolean hard = isHardVoting();
    for (int m = 0; m < members.size(); m++) {
      accumulate(members, m, features, hard, sum);
    }
    if (!hard) {
      for (int c = 0; c < numClasses; c++) {
        sum[c] /= Math.max(1, members.size());
      }
    }
    return Vectors.dense(sum);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] v = ((DenseVector) raw).values();
    double total = 0;
    for (double x : v) {
      total += x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = total > 0 ? v[i] / total : 1.0 / v.length;
    }
    return raw;
  }

  @Override
  public BaggingClassificationModel copy(ParamMap extra) {
    BaggingClassificationModel c =
        copyValues(new BaggingClassificationModel(uid(), members, numClasses), extra);
    c.oob = oob;
    return (BaggingClassificationModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<BaggingClassificationModel> read() {
    return new Reader();
  }

  public static BaggingClassificationModel load(String path) {
    return read().load(path);
  }

  static final StructType SUMMARY =
      new StructType()
          .add("numClasses", DataTypes.IntegerType, false)
          .add("oobScore", DataTypes.DoubleType, false)
          .add("oobAuc", DataTypes.DoubleType, false)
          .add("oobCoverage", DataTypes.DoubleType, false)
          .add("oobMeanMembers", DataTypes.DoubleType, false);

  private static final class Writer extends MLWriter {
    private final BaggingClassificationModel model;

    Writer(BaggingClassificationModel model) {
      NestedStages.requireWritable(model);
      for (PredictionModel<Vector, ?> m : model.members.models) {
        NestedStages.requireWritable(model, "member model", m);
      }
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      try {
        NestedStages.saveParams(model, path, sc());
        model.members.save(path, sparkSession());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Row r =
          RowFactory.create(
              model.numClasses,
              model.oob.score(),
              model.oob.auc(),
              model.oob.coverage(),
              model.oob.meanMembers());
      sparkSession()
          .createDataFrame(List.of(r), SUMMARY)
          .coalesce(1)
          .write()
          .parquet(path + "/data/summary");
    }
  }

  private static final class Reader extends MLReader<BaggingClassificationModel> {
    @Override
    public BaggingClassificationModel load(String path) {
      String uid = NestedStages.uid(path, sc(), BaggingClassificationModel.class);
      MemberSet members = MemberSet.load(path, sparkSession());
      Row s = sparkSession().read().parquet(path + "/data/summary").head();
      BaggingClassificationModel m = new BaggingClassificationModel(uid, members, s.getInt(0));
      // models saved before oobMeanMembers was recorded lack the field
      double voters =
          s.schema().getFieldIndex("oobMeanMembers").isDefined()
              ? s.getDouble(s.fieldIndex("oobMeanMembers"))
              : Double.NaN;
      m.oob = new OobScore(s.getDouble(1), s.getDouble(2), s.getDouble(3), voters);
      return NestedStages.loadParams(m, path, sc());
    }
  }
}
