package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link AdaBoostClassifier}. rawPrediction is the alpha-weighted vote share of each
 * class, {@code sum_m alpha_m [h_m(x) = k] / sum_m alpha_m}; probability is {@code softmax(raw / (K
 * - 1))} as in scikit-learn's SAMME (poorly calibrated by construction, fine for ranking). {@link
 * #summary()} has every round's weighted error, alpha and validation metrics.
 */
public class AdaBoostClassificationModel
    extends ProbabilisticClassificationModel<Vector, AdaBoostClassificationModel>
    implements AdaBoostParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final EnsembleParamSpecs.AdaBoost p;
  private final List<PredictionModel<Vector, ?>> members;
  private final double[] alphas;
  private final int numClasses;
  private final AdaBoostSummary summary;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public AdaBoostClassificationModel(String uid) {
    this(
        uid,
        List.of(),
        new double[0],
        2,
        new AdaBoostSummary(
            new double[0], new double[0], new double[0], new double[0], 0, "not fitted"));
  }

  AdaBoostClassificationModel(
      String uid,
      List<PredictionModel<Vector, ?>> members,
      double[] alphas,
      int numClasses,
      AdaBoostSummary summary) {
    this(EarlyUid.push(uid), members, alphas, numClasses, summary);
  }

  private AdaBoostClassificationModel(
      EarlyUid.Token token,
      List<PredictionModel<Vector, ?>> members,
      double[] alphas,
      int numClasses,
      AdaBoostSummary summary) {
    super();
    this.members = members;
    this.alphas = alphas;
    this.numClasses = numClasses;
    this.summary = summary;
    p = EnsembleParamSpecs.AdaBoost.of(this, token);
  }

  @Override
  public EnsembleParamSpecs.AdaBoost adaBoostParams() {
    return p;
  }

  /** Resolves the clash of Spark's two summary helpers for Java subclasses (no summary here). */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return SchemaOrder.predictionLast(super.transformSchema(schema), getPredictionCol());
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The per-round record of the fit. */
  public AdaBoostSummary summary() {
    return summary;
  }

  /** The rounds' models, in order. */
  public List<PredictionModel<Vector, ?>> memberModels() {
    return List.copyOf(members);
  }

  /** The rounds' weights, in order. */
  public double[] alphas() {
    return alphas.clone();
  }

  @Override
  public Vector predictRaw(Vector features) {
    double[] raw = new double[numClasses];
    double total = 0;
    for (int m = 0; m < members.size(); m++) {
      int c = (int) members.get(m).predict(features);
      if (c >= 0 && c < numClasses) {
        raw[c] += alphas[m];
      }
      total += alphas[m];
    }
    if (total > 0) {
      for (int c = 0; c < numClasses; c++) {
        raw[c] /= total;
      }
    }
    return Vectors.dense(raw);
  }

  /** SAMME's class probabilities from normalised vote shares: softmax(raw / (K - 1)). */
  static double[] probabilities(double[] raw) {
    int k = raw.length;
    double[] out = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (double r : raw) {
      max = Math.max(max, r / (k - 1));
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      out[c] = Math.exp(raw[c] / (k - 1) - max);
      sum += out[c];
    }
    for (int c = 0; c < k; c++) {
      out[c] /= sum;
    }
    return out;
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] v = ((DenseVector) raw).values();
    double[] pr = probabilities(v);
    System.arraycopy(pr, 0, v, 0, v.length);
    return raw;
  }

  @Override
  public AdaBoostClassificationModel copy(ParamMap extra) {
    AdaBoostClassificationModel c =
        copyValues(
            new AdaBoostClassificationModel(uid(), members, alphas, numClasses, summary), extra);
    return (AdaBoostClassificationModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<AdaBoostClassificationModel> read() {
    return new ModelReader<>(
        AdaBoostClassificationModel.class, AdaBoostClassificationModel::loadData);
  }

  public static AdaBoostClassificationModel load(String path) {
    return read().load(path);
  }

  private static final StructType ROUNDS =
      new StructType()
          .add("round", DataTypes.IntegerType, false)
          .add("weightedError", DataTypes.DoubleType, false)
          .add("alpha", DataTypes.DoubleType, false)
          .add("validationLogLoss", DataTypes.DoubleType, false)
          .add("validationAccuracy", DataTypes.DoubleType, false);
  private static final StructType INFO =
      new StructType()
          .add("numClasses", DataTypes.IntegerType, false)
          .add("roundsKept", DataTypes.IntegerType, false)
          .add("stopReason", DataTypes.StringType, false);

  private static final class Writer extends MLWriter {
    private final AdaBoostClassificationModel model;

    Writer(AdaBoostClassificationModel model) {
      NestedStages.requireWritable(model);
      for (PredictionModel<Vector, ?> m : model.members) {
        NestedStages.requireWritable(model, "member model", m);
      }
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      NestedStages.saveParams(model, path, sc());
      NestedStages.saveAll(model.members, path + "/members");
      AdaBoostSummary s = model.summary;
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < s.roundsRun(); i++) {
        rows.add(
            RowFactory.create(
                i,
                s.weightedError()[i],
                s.alpha()[i],
                s.validationLogLoss()[i],
                s.validationAccuracy()[i]));
      }
      sparkSession()
          .createDataFrame(rows, ROUNDS)
          .coalesce(1)
          .write()
          .parquet(path + "/data/rounds");
      sparkSession()
          .createDataFrame(
              List.of(RowFactory.create(model.numClasses, s.roundsKept(), s.stopReason())), INFO)
          .coalesce(1)
          .write()
          .parquet(path + "/data/info");
    }
  }

  /** Builds the model from what {@link Writer} saved besides its params. */
  private static AdaBoostClassificationModel loadData(
      String uid, String path, org.apache.spark.sql.SparkSession spark) {
    List<PredictionModel<Vector, ?>> members =
        NestedStages.loadAll(path + "/members", spark.sparkContext());
    List<Row> rounds = spark.read().parquet(path + "/data/rounds").orderBy("round").collectAsList();
    Row info = spark.read().parquet(path + "/data/info").head();
    int n = rounds.size();
    double[][] cols = new double[4][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        cols[j][i] = rounds.get(i).getDouble(j + 1);
      }
    }
    int kept = info.getInt(1);
    AdaBoostSummary s =
        new AdaBoostSummary(cols[0], cols[1], cols[2], cols[3], kept, info.getString(2));
    return new AdaBoostClassificationModel(
        uid, members, java.util.Arrays.copyOf(cols[1], kept), info.getInt(0), s);
  }
}
