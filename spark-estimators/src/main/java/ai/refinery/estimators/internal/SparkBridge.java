package ai.refinery.estimators.internal;

import ai.refinery.estimators.params.RenamedParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.json4s.JsonAST;
import scala.Option;

/**
 * Every call into Spark ML's {@code private[ml]} helpers goes through here (as xgboost4j-spark does
 * with its SparkUtils), so a Spark upgrade that moves them breaks one class.
 */
public final class SparkBridge {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkBridge() {}

  /** Writes Spark's standard {@code metadata/} folder (class, uid, params, Spark version). */
  public static void saveMetadata(Params instance, String path, SparkContext sc) {
    DefaultParamsWriter.saveMetadata(
        instance, path, sc, Option.<JsonAST.JObject>empty(), Option.<JsonAST.JValue>empty());
  }

  /**
   * Reads {@code metadata/} written for {@code expectedClass} and sets its params on {@code
   * instance}, whose uid must be the one returned by {@link #uid}.
   */
  public static void loadParams(
      Params instance, String path, SparkContext sc, String expectedClass) {
    DefaultParamsReader.Metadata md = renamed(instance, path, sc, expectedClass);
    md.getAndSetParams(instance, Option.empty());
  }

  /**
   * The metadata under {@code path}, with the old names of renamed params ({@link RenamedParams})
   * replaced by their new names (one WARN for each).
   */
  private static DefaultParamsReader.Metadata renamed(
      Params instance, String path, SparkContext sc, String expectedClass) {
    DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sc, expectedClass);
    if (!(instance instanceof RenamedParams r) || r.renamedParams().isEmpty()) {
      return md;
    }
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(md.metadataJson());
      boolean changed = false;
      for (String section : new String[] {"paramMap", "defaultParamMap"}) {
        if (!(json.get(section) instanceof ObjectNode params)) {
          continue;
        }
        ObjectNode out = JSON.createObjectNode();
        for (java.util.Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          String now = r.renamedParams().get(name);
          if (now != null && !instance.hasParam(name)) {
            if (section.equals("paramMap")) {
              RenamedParams.warn(
                  instance.getClass().getSimpleName(), name, now, "saved stage at " + path);
            }
            if (!params.has(now)) {
              out.set(now, params.get(name));
            }
            changed = true;
          } else {
            out.set(name, params.get(name));
          }
        }
        json.set(section, out);
      }
      return changed
          ? DefaultParamsReader.parseMetadata(JSON.writeValueAsString(json), expectedClass)
          : md;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read the metadata saved at " + path, e);
    }
  }

  /** The uid stored in {@code metadata/} under {@code path}. */
  public static String uid(String path, SparkContext sc, String expectedClass) {
    return DefaultParamsReader.loadMetadata(path, sc, expectedClass).uid();
  }

  /**
   * Spark's reader for stages whose params are all JSON-encodable (the class named in the metadata,
   * made with its {@code (String uid)} constructor), reading renamed params' old names too.
   */
  public static <T> MLReader<T> defaultReader() {
    return new MLReader<T>() {
      @Override
      @SuppressWarnings("unchecked")
      public T load(String path) {
        SparkContext sc = sparkSession().sparkContext();
        DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sc, "");
        Params instance;
        try {
          instance =
              (Params)
                  Class.forName(
                          md.className(), true, Thread.currentThread().getContextClassLoader())
                      .getConstructor(String.class)
                      .newInstance(md.uid());
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException(
              "Cannot load the stage saved at "
                  + path
                  + ": "
                  + md.className()
                  + " has no public (String uid) constructor",
              e);
        }
        loadParams(instance, path, sc, md.className());
        return (T) instance;
      }
    };
  }

  /** Loads a nested stage saved with its own writer (uses the class named in its metadata). */
  @SuppressWarnings("unchecked")
  public static <T> T loadStage(String path, SparkContext sc) {
    return (T) DefaultParamsReader.loadParamsInstance(path, sc);
  }

  /**
   * Like {@link #loadParams} but leaves the named params alone: meta-stages save nested stages and
   * param maps in sub-folders and set those params themselves.
   */
  public static void loadParams(
      Params instance,
      String path,
      SparkContext sc,
      String expectedClass,
      java.util.List<String> skipParams) {
    DefaultParamsReader.Metadata md = renamed(instance, path, sc, expectedClass);
    md.getAndSetParams(
        instance, Option.apply(scala.collection.JavaConverters.asScalaBuffer(skipParams).toList()));
  }

  /**
   * The rows of {@code df} in Spark's internal form (no conversion per row); the rows an iterator
   * returns may be reused, so copy one to keep it. The same RDD is returned on every call for the
   * same Dataset, so passes over it see the same partitions.
   */
  public static RDD<InternalRow> internalRows(Dataset<Row> df) {
    return df.queryExecution().toRdd();
  }

  /** A DataFrame over internal rows of {@code schema} ({@code private[sql]} in Spark). */
  public static Dataset<Row> fromInternalRows(
      SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }
}
