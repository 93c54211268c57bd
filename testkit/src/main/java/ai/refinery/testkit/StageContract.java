package ai.refinery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The contract every public Refinery stage passes (CONTRIBUTING.md, "A stage"). A stage's test
 * class extends this and supplies a configured instance and tiny data; everything else is
 * inherited: schema, params, copy, save/load (estimator and model), Pipeline round trip, numeric
 * label types, and a wrong-typed column rejected with a message that names it.
 *
 * <p>For an {@link Estimator} the checks run on the estimator and on the model it fits, so one
 * contract test covers an estimator/model pair.
 */
public abstract class StageContract {

  /** A fresh, configured instance of the stage under test. */
  protected abstract PipelineStage newStage();

  /** Tiny input data the stage accepts. Output rows are compared in this order. */
  protected abstract Dataset<Row> data();

  /** The label column the stage reads, or null when it reads none. */
  protected String labelCol() {
    return null;
  }

  /** Label types that must be accepted (Spark ML accepts every numeric type). */
  protected List<DataType> labelTypes() {
    return List.of(
        DataTypes.ByteType,
        DataTypes.ShortType,
        DataTypes.IntegerType,
        DataTypes.LongType,
        DataTypes.FloatType,
        DataTypes.DoubleType,
        DataTypes.createDecimalType(10, 0));
  }

  /**
   * Input with one column of a wrong type, and that column's name, which the error must mention.
   * The default casts the label column to string; stages without a label override this.
   */
  protected BadColumn badColumn() {
    String label = labelCol();
    if (label == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " must override badColumn(): the stage reads no label column");
    }
    return new BadColumn(
        data()
            .withColumn(
                label,
                functions.concat(
                    functions.lit("c"), functions.col(label).cast(DataTypes.StringType))),
        label);
  }

  /** Tolerance for comparing outputs of a saved-and-loaded stage with the original. */
  protected double tolerance() {
    return 0.0;
  }

  /** Input with a wrong-typed column and the column name the error must name. */
  public record BadColumn(Dataset<Row> data, String column) {}

  protected final SparkSession spark() {
    return SparkTestSession.get();
  }

  // ------------------------------------------------------------------ checks

  @Test
  void outputSchemaEqualsTransformSchema() {
    PipelineStage stage = sharedFit().stage();
    Dataset<Row> df = data();
    StructType expected = stage.transformSchema(df.schema());
    Transformer t = sharedFit().model();
    StructType modelExpected = t.transformSchema(df.schema());
    StructType actual = t.transform(df).schema();
    assertEquals(
        shape(modelExpected), shape(actual), "model.transformSchema vs transform().schema");
    assertEquals(shape(expected), shape(actual), "stage.transformSchema vs transform().schema");
  }

  @Test
  void paramsHaveDocsAndPublicAccessors() throws Exception {
    PipelineStage stage = sharedFit().stage();
    checkParams(stage);
    if (stage instanceof Estimator<?>) {
      checkParams(sharedFit().model());
    }
  }

  @Test
  void copyKeepsUidAndParams() {
    PipelineStage stage = sharedFit().stage();
    assertCopyKeeps(stage);
    if (stage instanceof Estimator<?>) {
      Transformer model = sharedFit().model();
      assertEquals(stage.uid(), model.uid(), "a model shares its estimator's uid");
      assertCopyKeeps(model);
    }
  }

  @Test
  void saveLoadRoundTrip() throws Exception {
    PipelineStage stage = sharedFit().stage();
    Path dir = SparkTestSession.newDir("contract-" + stage.getClass().getSimpleName());
    String path = dir.resolve("stage").toString();
    ((MLWritable) stage).save(path);
    IOException again =
        assertThrows(
            IOException.class,
            () -> ((MLWritable) stage).save(path),
            "a second save without overwrite() must fail");
    assertTrue(again.getMessage().contains("overwrite"), again.getMessage());
    ((MLWritable) stage).write().overwrite().save(path);
    PipelineStage loaded = load(stage.getClass(), path);
    assertSameParams(stage, loaded);

    Dataset<Row> df = data();
    Transformer original = sharedFit().model();
    String modelPath = dir.resolve("model").toString();
    ((MLWritable) original).save(modelPath);
    Transformer reloaded = (Transformer) load(original.getClass(), modelPath);
    assertSameParams(original, reloaded);
    assertSameRows(original.transform(df), reloaded.transform(df));
  }

  @Test
  void fittedStageIsJavaSerializable() throws Exception {
    // Spark ships models to executors inside closures (e.g. a classifier's predict UDF), so every
    // field of a fitted stage must be serializable; this fails here instead of in a user's job
    Transformer t = sharedFit().model();
    try (java.io.ObjectOutputStream out =
        new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
      out.writeObject(t);
    } catch (java.io.NotSerializableException e) {
      fail(t.getClass().getSimpleName() + " holds a non-serializable field: " + e.getMessage());
    }
  }

  @Test
  void pipelineRoundTrip() throws Exception {
    Dataset<Row> df = data();
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {newStage()});
    Path dir = SparkTestSession.newDir("pipeline-" + getClass().getSimpleName());
    pipeline.save(dir.resolve("pipeline").toString());
    Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
    assertEquals(1, loadedPipeline.getStages().length);
    PipelineModel model = pipeline.fit(df);
    model.save(dir.resolve("model").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
    assertSameRows(model.transform(df), loaded.transform(df));
  }

  @Test
  void numericLabelTypesAccepted() {
    String label = labelCol();
    if (label == null) {
      return;
    }
    Dataset<Row> base = data();
    DataType own = base.schema().apply(label).dataType();
    for (DataType type : labelTypes()) {
      Dataset<Row> df = base.withColumn(label, functions.col(label).cast(type));
      try {
        // the data's own label type is what the shared fit was fitted on
        Transformer t = type.equals(own) ? sharedFit().model() : fitted(newStage(), df);
        assertTrue(t.transform(df).count() > 0);
      } catch (RuntimeException e) {
        fail("label of type " + type.catalogString() + " was rejected: " + e, e);
      }
    }
  }

  @Test
  void wrongTypedColumnRejectedWithItsName() {
    BadColumn bad = badColumn();
    PipelineStage stage = newStage();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              Transformer t = fitted(stage, bad.data());
              t.transform(bad.data()).count();
            });
    assertNotNull(e.getMessage());
    assertTrue(
        e.getMessage().contains(bad.column()),
        "error must name column '" + bad.column() + "': " + e.getMessage());
  }

  // ------------------------------------------------------------------ helpers

  /** A configured stage and what it fitted on {@link #data()}. */
  private record Fit(Class<?> test, PipelineStage stage, Transformer model) {}

  /** The last test class's shared fit: JUnit runs one class's methods one after another. */
  private static Fit shared;

  /**
   * One stage from {@link #newStage()} fitted once on {@link #data()} and shared by the checks that
   * only read it (schema, params, copy, save/load, serialization): every fit of a meta-estimator
   * runs several Spark jobs, and the checks do not change the stage or its model.
   */
  private Fit sharedFit() {
    synchronized (StageContract.class) {
      if (shared == null || shared.test() != getClass()) {
        shared = null; // release the previous class's model before fitting
        PipelineStage stage = newStage();
        shared = new Fit(getClass(), stage, fitted(stage, data()));
      }
      return shared;
    }
  }

  /** Fits an estimator (or returns the transformer itself). */
  protected Transformer fitted(PipelineStage stage, Dataset<Row> df) {
    if (stage instanceof Estimator<?> est) {
      Object m = est.fit(df);
      assertTrue(m instanceof Model<?>, "fit must return a Model");
      Model<?> model = (Model<?>) m;
      assertTrue(model.hasParent(), "fit must set the model's parent");
      return model;
    }
    return (Transformer) stage;
  }

  private static PipelineStage load(Class<?> cls, String path) throws Exception {
    Method read;
    try {
      read = cls.getMethod("read");
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          cls.getName() + " has no public static read(): Pipeline.load will fail");
    }
    assertTrue(Modifier.isStatic(read.getModifiers()), cls.getName() + ".read() must be static");
    try {
      return (PipelineStage) ((MLReader<?>) read.invoke(null)).load(path);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void checkParams(PipelineStage stage) throws Exception {
    Class<?> cls = stage.getClass();
    requireParams(stage);
    for (Param<?> p : stage.params()) {
      assertFalse(
          p.doc() == null || p.doc().isBlank(),
          cls.getSimpleName() + "." + p.name() + " has no doc");
      Method accessor = cls.getMethod(p.name());
      assertTrue(Modifier.isPublic(accessor.getModifiers()));
      assertEquals(p, accessor.invoke(stage), "accessor " + p.name() + "() must return the param");
      String cap = Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
      try {
        cls.getMethod("get" + cap);
      } catch (NoSuchMethodException e) {
        fail(cls.getSimpleName() + " has param " + p.name() + " but no public get" + cap + "()");
      }
    }
  }

  private static void assertCopyKeeps(PipelineStage stage) {
    PipelineStage copy = stage.copy(ParamMap.empty());
    assertEquals(stage.getClass(), copy.getClass());
    assertEquals(stage.uid(), copy.uid());
    assertSameParams(stage, copy);
  }

  /** A stage without params would pass the copy and save/load checks without checking anything. */
  private static void requireParams(PipelineStage stage) {
    if (stage.params().length == 0) {
      fail(
          stage.getClass().getName()
              + " declares no params, so copy and save/load keep nothing that can be checked;"
              + " give it the params that describe it (an estimator's model: those copied from the"
              + " estimator in fit)");
    }
  }

  private static void assertSameParams(PipelineStage a, PipelineStage b) {
    requireParams(a);
    assertEquals(a.uid(), b.uid(), "uid");
    for (Param<?> p : a.params()) {
      Param<?> q = b.getParam(p.name());
      assertEquals(a.isSet(p), b.isSet(q), "isSet(" + p.name() + ")");
      assertEquals(a.hasDefault(p), b.hasDefault(q), "hasDefault(" + p.name() + ")");
      if (a.isDefined(p)) {
        assertEquals(
            p.jsonEncode(cast(a.getOrDefault(p))),
            q.jsonEncode(cast(b.getOrDefault(q))),
            "value of " + p.name());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  private static List<String> shape(StructType schema) {
    List<String> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      out.add(f.name() + ":" + f.dataType().catalogString());
    }
    return out;
  }

  /** Rows of two outputs equal in order, doubles and vectors within {@link #tolerance()}. */
  protected void assertSameRows(Dataset<Row> a, Dataset<Row> b) {
    assertEquals(shape(a.schema()), shape(b.schema()));
    List<Row> ra = a.collectAsList();
    List<Row> rb = b.collectAsList();
    assertEquals(ra.size(), rb.size(), "row count");
    for (int i = 0; i < ra.size(); i++) {
      Row x = ra.get(i);
      Row y = rb.get(i);
      for (int j = 0; j < x.size(); j++) {
        assertClose(x.get(j), y.get(j), "row " + i + " column " + a.schema().fields()[j].name());
      }
    }
  }

  private void assertClose(Object x, Object y, String where) {
    if (x instanceof Double dx && y instanceof Double dy) {
      assertTrue(
          Math.abs(dx - dy) <= tolerance() || dx.equals(dy), where + ": " + dx + " vs " + dy);
    } else if (x instanceof Vector vx && y instanceof Vector vy) {
      double[] ax = vx.toArray();
      double[] ay = vy.toArray();
      assertEquals(ax.length, ay.length, where);
      for (int k = 0; k < ax.length; k++) {
        assertTrue(
            Math.abs(ax[k] - ay[k]) <= tolerance() || Double.compare(ax[k], ay[k]) == 0,
            where + "[" + k + "]: " + Arrays.toString(ax) + " vs " + Arrays.toString(ay));
      }
    } else {
      assertEquals(x, y, where);
    }
  }

  /** A column expression helper for subclasses building bad inputs. */
  protected static Column col(String name) {
    return functions.col(name);
  }
}
