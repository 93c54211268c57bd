package ai.refinery.ensembles;

import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.NestedStages;
import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link RefineryXGBoostClassifier} or {@link RefineryXGBoostRegressor}: XGBoost's own
 * model ({@link #xgboostModel()}, with its native booster and training summary), whose output
 * columns come in the order its transformSchema declares.
 */
public class RefineryXGBoostModel extends Model<RefineryXGBoostModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Model<?> xgboostModel;
  private final XGBoostRuns.ValidationParams v;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public RefineryXGBoostModel(String uid) {
    this(uid, null);
  }

  RefineryXGBoostModel(String uid, Model<?> xgboostModel) {
    this.uid = uid;
    this.xgboostModel = xgboostModel;
    v = new XGBoostRuns.ValidationParams(this);
  }

  /** The estimator's eval-set indicator column the model was fitted with ("" for none). */
  public org.apache.spark.ml.param.Param<String> validationIndicatorCol() {
    return v.validationIndicatorCol;
  }

  /** The estimator's fold column the model was fitted with ("" for none). */
  public org.apache.spark.ml.param.Param<String> foldCol() {
    return v.foldCol;
  }

  public String getValidationIndicatorCol() {
    return $(v.validationIndicatorCol);
  }

  public String getFoldCol() {
    return $(v.foldCol);
  }

  public int getValidationFold() {
    return (Integer) $(v.validationFold);
  }

  /** The fold used as the eval set when the model was fitted (-1 for none). */
  public org.apache.spark.ml.param.IntParam validationFold() {
    return v.validationFold;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** XGBoost's fitted model (XGBoostClassificationModel or XGBoostRegressionModel). */
  public Model<?> xgboostModel() {
    return xgboostModel;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return xgboostModel.transformSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType expected = transformSchema(dataset.schema());
    // the output keeps the input's features column as it was (sparse or dense)
    Dataset<Row> in = dataset.toDF();
    Dataset<Row> out;
    if (!XGBoostRuns.needsDense(xgboostModel, in.schema())) {
      out = xgboostModel.transform(in);
    } else {
      String featuresCol = XGBoostRuns.featuresCol(xgboostModel);
      Dataset<Row> kept = in.withColumn("__rxgb_orig", functions.col(featuresCol));
      out =
          xgboostModel
              .transform(XGBoostRuns.denseFeatures(kept, xgboostModel))
              .withColumn(featuresCol, functions.col("__rxgb_orig"))
              .drop("__rxgb_orig");
    }
    Column[] cols = Arrays.stream(expected.fieldNames()).map(functions::col).toArray(Column[]::new);
    return out.select(cols);
  }

  @Override
  public RefineryXGBoostModel copy(ParamMap extra) {
    return (RefineryXGBoostModel)
        copyValues(new RefineryXGBoostModel(uid, xgboostModel.copy(extra)), extra)
            .setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<RefineryXGBoostModel> read() {
    return new Reader();
  }

  public static RefineryXGBoostModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final RefineryXGBoostModel model;

    Writer(RefineryXGBoostModel model) {
      NestedStages.requireWritable(model, "xgboost model", model.xgboostModel);
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkBridge.saveMetadata(model, path, sc());
      NestedStages.save(model.xgboostModel, path + "/xgboost");
    }
  }

  private static final class Reader extends MLReader<RefineryXGBoostModel> {
    @Override
    public RefineryXGBoostModel load(String path) {
      String cls = RefineryXGBoostModel.class.getName();
      RefineryXGBoostModel m =
          new RefineryXGBoostModel(
              SparkBridge.uid(path, sc(), cls), SparkBridge.loadStage(path + "/xgboost", sc()));
      SparkBridge.loadParams(m, path, sc(), cls);
      return m;
    }
  }
}
