package ai.refinery.tuning.spark;

import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.nested.NestedStages;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The result of {@link HyperparameterTuner}: the best configuration refitted on all the data (used
 * by {@link #transform}), the best trial, all trials of the job ({@link #summary()}), and the
 * tuner's params (search space, budget, seed, ...; the nested stages are not kept). Saved as {@code
 * metadata/}, the best model under {@code bestModel/}, the trials as Parquet under {@code data/}.
 */
public class HyperparameterTunerModel extends Model<HyperparameterTunerModel>
    implements MLWritable, HyperparameterTunerParams {
  private final String uid;
  private final TunerParamSet tunerParams;
  private final Model<?> bestModel;
  private final TrialRecord bestTrial;
  private final List<TrialRecord> trials;

  HyperparameterTunerModel(
      String uid, Model<?> bestModel, TrialRecord bestTrial, List<TrialRecord> trials) {
    this.uid = uid;
    this.tunerParams = new TunerParamSet(this);
    this.bestModel = bestModel;
    this.bestTrial = bestTrial;
    this.trials = List.copyOf(trials);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The tuner's params (how this model was tuned), copied from the tuner in {@code fit}. */
  @Override
  public TunerParamSet tunerParams() {
    return tunerParams;
  }

  /** The best configuration's model, refitted on all the data. */
  public Model<?> getBestModel() {
    return bestModel;
  }

  /** The best trial (of this job, or a reused parent trial). */
  public TrialRecord bestTrial() {
    return bestTrial;
  }

  /** The best trial's hyperparameters. */
  public Map<String, Object> bestParams() {
    return HyperparameterTuner.fromJson(bestTrial.params());
  }

  public double bestObjective() {
    return bestTrial.objective();
  }

  /** This job's trials in trial order. */
  public List<TrialRecord> trials() {
    return trials;
  }

  /** All trials of the job as a DataFrame (the trial history's schema). */
  public Dataset<Row> summary() {
    return TrialHistory.toDataFrame(SparkSession.active(), trials);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType expected = transformSchema(dataset.schema());
    Dataset<Row> out = bestModel.transform(dataset);
    // some Spark models (LogisticRegressionModel) add columns in another order than their
    // transformSchema says; keep the promised order
    java.util.Set<String> have = new java.util.HashSet<>(java.util.Arrays.asList(out.columns()));
    java.util.Set<String> want =
        new java.util.HashSet<>(java.util.Arrays.asList(expected.fieldNames()));
    if (!have.equals(want)) {
      return out;
    }
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[expected.fields().length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = out.col("`" + expected.fieldNames()[i] + "`");
    }
    return out.select(cols);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return bestModel.transformSchema(schema);
  }

  @Override
  public HyperparameterTunerModel copy(ParamMap extra) {
    HyperparameterTunerModel m =
        new HyperparameterTunerModel(uid, (Model<?>) bestModel.copy(extra), bestTrial, trials);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<HyperparameterTunerModel> read() {
    return new Reader();
  }

  public static HyperparameterTunerModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final HyperparameterTunerModel m;

    Writer(HyperparameterTunerModel m) {
      if (!(m.bestModel instanceof MLWritable)) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot save HyperparameterTunerModel "
                    + "%s: its best model (%s) is not MLWritable",
                m.uid, m.bestModel.getClass().getName()));
      }
      this.m = m;
    }

    @Override
    public void saveImpl(String path) {
      SparkContext sc = sparkSession().sparkContext();
      SparkBridge.saveMetadata(m, path, sc);
      NestedStages.save(m.bestModel, new Path(path, "bestModel").toString());
      TrialHistory.toDataFrame(sparkSession(), m.trials)
          .coalesce(1)
          .write()
          .parquet(new Path(path, "data").toString());
      TrialHistory.toDataFrame(sparkSession(), List.of(m.bestTrial))
          .coalesce(1)
          .write()
          .parquet(new Path(path, "best").toString());
    }
  }

  private static final class Reader extends MLReader<HyperparameterTunerModel> {
    @Override
    public HyperparameterTunerModel load(String path) {
      SparkContext sc = sparkSession().sparkContext();
      String cls = HyperparameterTunerModel.class.getName();
      String uid = SparkBridge.uid(path, sc, cls);
      Model<?> best = NestedStages.load(new Path(path, "bestModel").toString(), sc);
      List<TrialRecord> trials =
          TrialHistory.fromRows(
              sparkSession()
                  .read()
                  .parquet(new Path(path, "data").toString())
                  .orderBy("trial_id")
                  .collectAsList());
      TrialRecord bestTrial =
          TrialHistory.fromRows(
                  sparkSession().read().parquet(new Path(path, "best").toString()).collectAsList())
              .get(0);
      HyperparameterTunerModel m = new HyperparameterTunerModel(uid, best, bestTrial, trials);
      SparkBridge.loadParams(m, path, sc, cls);
      return m;
    }
  }
}
