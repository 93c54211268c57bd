package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link BaggingClassifier}: the members, their seeds and feature subsets, and the
 * out-of-bag score when it was computed. rawPrediction is the averaged member probabilities (soft
 * voting) or the vote counts (hard voting); probability is its normalised form.
 */
public class BaggingClassificationModel
    extends ProbabilisticClassificationModel<Vector, BaggingClassificationModel>
    implements BaggingClassifierParams, BaggingModel, MLWritable {
  private static final long serialVersionUID = 1L;
  private final ModelState<EnsembleParamSpecs.Bagging, BaggingModel.Fitted> state;
  private final int numClasses;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public BaggingClassificationModel(String uid) {
    this(uid, new MemberSet(List.of(), new long[0], new int[0][]), 2);
  }

  BaggingClassificationModel(String uid, MemberSet members, int numClasses) {
    this(EarlyUid.push(uid), members, numClasses);
  }

  private BaggingClassificationModel(EarlyUid.Token token, MemberSet members, int numClasses) {
    super();
    this.numClasses = numClasses;
    state =
        new ModelState<>(
            EnsembleParamSpecs.Bagging.classifier(this, token), new BaggingModel.Fitted(members));
  }

  @Override
  public ModelState<EnsembleParamSpecs.Bagging, BaggingModel.Fitted> state() {
    return state;
  }

  /** Switches between soft and hard voting on the fitted members. */
  public BaggingClassificationModel setVoting(String value) {
    return (BaggingClassificationModel) set(voting(), value);
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

  BaggingClassificationModel setOob(OobScore s) {
    state.fitted().oob = s;
    return this;
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
    MemberSet members = members();
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
        copyValues(
            new BaggingClassificationModel(uid(), members(), numClasses).setOob(oobScore()), extra);
    return (BaggingClassificationModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new BaggingModel.Writer(this, SUMMARY, numClasses);
  }

  public static MLReader<BaggingClassificationModel> read() {
    return BaggingModel.reader(
        BaggingClassificationModel.class,
        (uid, members, s) ->
            new BaggingClassificationModel(uid, members, s.getInt(0))
                .setOob(BaggingModel.oob(s, 1)));
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
}
