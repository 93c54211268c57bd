package ai.refinery.tuning.spark;

import ai.refinery.estimators.Uids;
import ai.refinery.testkit.ConstantModel;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A test estimator with a known objective and a controllable duration: fit sleeps {@code sleepMs}
 * (60 s from {@code x >= slowFrom} on; interruptibly) and yields a model whose {@code score} column
 * is {@code (x - target)^2}; {@link ScoreEvaluator} reads it back (smaller is better).
 */
public class ScoreEstimator extends Estimator<ConstantModel> {
  private final String uid;
  private final DoubleParam x;
  private final DoubleParam target;
  private final DoubleParam sleepMs;
  private final DoubleParam slowFrom;

  public ScoreEstimator() {
    this(Uids.random("score"));
  }

  public ScoreEstimator(String uid) {
    this.uid = uid;
    x = new DoubleParam(this, "x", "the tuned value");
    target = new DoubleParam(this, "target", "where the score is 0");
    sleepMs = new DoubleParam(this, "sleepMs", "how long fit takes");
    slowFrom = new DoubleParam(this, "slowFrom", "from this x on, fit takes 60 s");
    setDefault(x, 0.0);
    setDefault(target, 0.5);
    setDefault(sleepMs, 0.0);
    setDefault(slowFrom, Double.POSITIVE_INFINITY);
  }

  public DoubleParam x() {
    return x;
  }

  public DoubleParam target() {
    return target;
  }

  public DoubleParam sleepMs() {
    return sleepMs;
  }

  public DoubleParam slowFrom() {
    return slowFrom;
  }

  ScoreEstimator set(String name, double value) {
    set(getParam(name), value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ConstantModel fit(Dataset<?> dataset) {
    long ms = (Double) $(x) >= (Double) $(slowFrom) ? 60_000 : (long) (double) (Double) $(sleepMs);
    ConstantModel.sleepInFit(ms);
    double d = (Double) $(x) - (Double) $(target);
    return new ConstantModel(uid, "score", d * d).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add("score", DataTypes.DoubleType, false);
  }

  @Override
  public ScoreEstimator copy(ParamMap extra) {
    return (ScoreEstimator) defaultCopy(extra);
  }

  /** The score of the first row (all rows hold the same). */
  public static final class ScoreEvaluator extends Evaluator {
    private final String uid = Uids.random("scoreEval");

    @Override
    public double evaluate(Dataset<?> dataset) {
      return dataset.toDF().select("score").limit(1).first().getDouble(0);
    }

    @Override
    public boolean isLargerBetter() {
      return false;
    }

    @Override
    public String uid() {
      return uid;
    }

    @Override
    public Evaluator copy(ParamMap extra) {
      return this;
    }
  }
}
