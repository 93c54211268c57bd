package ai.refinery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Models saved by an older version, checked into a module's test resources, so that a format change
 * is tested against what users already have on disk. Layout of one entry {@code <root>/<name>/}:
 * {@code stage/} (the saved stage), and for a model {@code input/} (the tiny frame, Parquet) and
 * {@code expected.json} (its predictions, by {@code id}); for an estimator {@code expected.json}
 * describes its set params and nested stages. {@link #save} writes an entry (run once with the old
 * code), {@link #check} loads it with today's code and compares.
 */
public final class LegacyModels {
  /**
   * System property: when {@code true}, the generators (tests enabled by it) write their entries
   * into the module's {@code src/test/resources/legacy-models/<version>/}.
   */
  public static final String WRITE_PROPERTY = "refinery.legacy.write";

  private static final ObjectMapper JSON = new ObjectMapper();

  private LegacyModels() {}

  /** The module's source folder for a version's entries (tests run in the module's folder). */
  public static Path writeRoot(String version) {
    return Path.of("src/test/resources/legacy-models", version).toAbsolutePath();
  }

  /** The checked-in folder of a version's legacy entries on the test classpath. */
  public static Path resourceRoot(Class<?> anchor, String version) {
    URL url = anchor.getResource("/legacy-models/" + version);
    if (url == null) {
      throw new AssertionError("no test resource /legacy-models/" + version);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One estimator of a generator: saved as {@code name}, fitted on {@code fitData}, its model saved
   * as {@code name-model} with its predictions on {@code input}.
   */
  public record Entry(
      String name, Estimator<?> estimator, Dataset<Row> fitData, Dataset<Row> input) {
    /**
     * An entry fitted on {@code rows} rows of {@code frame} drawn with {@code seed} and scored on
     * five other rows of it (drawn with {@code seed + 1}).
     */
    public static Entry of(
        String name, Estimator<?> estimator, SparkSession spark, Frame frame, int rows, long seed) {
      return new Entry(
          name, estimator, frame.draw(spark, rows, seed), frame.draw(spark, 5, seed + 1));
    }
  }

  /** A generator of tiny frames, e.g. {@code TinyData::binary}. */
  public interface Frame {
    Dataset<Row> draw(SparkSession spark, int rows, long seed);
  }

  /** Writes every entry into the module's {@link #writeRoot} for {@code version}. */
  public static void writeAll(String version, List<Entry> entries) {
    Path root = writeRoot(version);
    for (Entry e : entries) {
      Model<?> model = (Model<?>) e.estimator().fit(e.fitData());
      save(e.estimator(), null, root, e.name());
      save(model, e.input(), root, e.name() + "-model");
    }
  }

  /** Checks every entry (estimator and model) that {@link #writeAll} wrote for {@code version}. */
  public static void checkAll(Class<?> anchor, String version, List<String> names, double tol) {
    Path root = resourceRoot(anchor, version);
    for (String name : names) {
      check(root, name, tol);
      check(root, name + "-model", tol);
    }
  }

  /**
   * Saves {@code stage} under {@code root/name/stage}. A model also gets {@code input/} and its
   * predictions on it; an estimator (or any other stage) gets the description of its params.
   */
  public static void save(Params stage, Dataset<Row> input, Path root, String name) {
    Path dir = root.resolve(name);
    try {
      deleteTree(dir);
      ((MLWritable) stage).write().save(dir.resolve("stage").toString());
      ObjectNode expected = JSON.createObjectNode();
      expected.put("class", stage.getClass().getName());
      if (stage instanceof Model<?> m) {
        input.coalesce(1).write().parquet(dir.resolve("input").toString());
        expected.set("predictions", predictions(m, input));
      } else {
        expected.set("stage", describe(stage));
      }
      Files.writeString(
          dir.resolve("expected.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
      removeChecksums(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the entry {@code root/name} with today's code and compares it with what was recorded. */
  public static Params check(Path root, String name, double tolerance) {
    Path dir = root.resolve(name);
    SparkTestSession.get(); // readers use the active session
    try {
      JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
      Params loaded = load(expected.get("class").asText(), dir.resolve("stage").toString());
      if (expected.has("predictions")) {
        Dataset<Row> input = SparkTestSession.get().read().parquet(dir.resolve("input").toString());
        JsonNode want = expected.get("predictions");
        JsonNode got = predictions((Model<?>) loaded, input);
        assertEquals(want.size(), got.size(), name + ": number of predicted rows");
        for (int i = 0; i < want.size(); i++) {
          compare(name + " row " + i, want.get(i), got.get(i), tolerance);
        }
      } else {
        assertEquals(
            expected.get("stage").toPrettyString(),
            describe(loaded).toPrettyString(),
            name + ": params and nested stages after loading");
      }
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void compare(String where, JsonNode want, JsonNode got, double tolerance) {
    List<String> fields = iterable(want.fieldNames());
    assertEquals(fields, iterable(got.fieldNames()), where + ": recorded columns");
    for (String f : fields) {
      JsonNode w = want.get(f);
      JsonNode g = got.get(f);
      if (w.isArray()) {
        assertEquals(w.size(), g.size(), where + " " + f + ": length");
        for (int j = 0; j < w.size(); j++) {
          assertEquals(w.get(j).asDouble(), g.get(j).asDouble(), tolerance, where + " " + f);
        }
      } else if (w.isNumber()) {
        assertEquals(w.asDouble(), g.asDouble(), tolerance, where + " " + f);
      } else {
        assertEquals(w, g, where + " " + f);
      }
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /**
   * Rows ordered by {@code id}: the id and every column the model adds (numbers, vectors, text).
   */
  private static ArrayNode predictions(Model<?> model, Dataset<Row> input) {
    Dataset<Row> out = model.transform(input).orderBy("id");
    List<String> added = new java.util.ArrayList<>(Arrays.asList(out.columns()));
    added.removeAll(Arrays.asList(input.columns()));
    ArrayNode rows = JSON.createArrayNode();
    for (Row r : out.collectAsList()) {
      ObjectNode o = rows.addObject();
      o.put("id", ((Number) r.get(r.fieldIndex("id"))).longValue());
      for (String c : added) {
        Object v = r.get(r.fieldIndex(c));
        if (v instanceof Vector vec) {
          ArrayNode a = o.putArray(c);
          for (double d : vec.toArray()) {
            a.add(d);
          }
        } else if (v instanceof Number n) {
          o.put(c, n.doubleValue());
        } else if (v == null) {
          o.putNull(c);
        } else {
          o.put(c, v.toString());
        }
      }
    }
    return rows;
  }

  /**
   * Class, uid, the JSON of every explicitly set param, and nested stages (params holding a stage
   * or an array of stages) described the same way, recursively.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static ObjectNode describe(Params stage) {
    ObjectNode o = JSON.createObjectNode();
    o.put("class", stage.getClass().getName());
    o.put("uid", stage.uid());
    ObjectNode params = o.putObject("params");
    ObjectNode nested = o.putObject("stages");
    ParamPair<?>[] set = stage.extractParamMap().toList().toArray(new ParamPair<?>[0]);
    Arrays.sort(set, Comparator.comparing(pp -> pp.param().name()));
    for (ParamPair<?> pp : set) {
      Param p = pp.param();
      if (!stage.isSet(p)) {
        continue;
      }
      Object v = pp.value();
      if (v instanceof Params ps) {
        nested.set(p.name(), describe(ps));
      } else if (v instanceof Params[] arr) {
        ArrayNode a = nested.putArray(p.name());
        for (Params s : arr) {
          a.add(describe(s));
        }
      } else {
        params.put(p.name(), p.jsonEncode(v));
      }
    }
    return o;
  }

  private static Params load(String cls, String path) {
    try {
      MLReader<?> reader = (MLReader<?>) Class.forName(cls).getMethod("read").invoke(null);
      return (Params) reader.load(path);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(cls + " has no public static read()", e);
    }
  }

  /** Hadoop's {@code .crc} side files are optional; leaving them out keeps the resources small. */
  private static void removeChecksums(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (File f : s.sorted(Comparator.reverseOrder()).map(Path::toFile).toList()) {
        assertTrue(f.delete(), "cannot delete " + f);
      }
    }
  }
}
