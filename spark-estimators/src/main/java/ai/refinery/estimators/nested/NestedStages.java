package ai.refinery.estimators.nested;

import ai.refinery.estimators.internal.SparkBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * The one save layout for stages with nested stages, like Spark's Pipeline:
 *
 * <pre>
 * path/metadata/                      class, uid, params (a nested stage only described)
 * path/stages/&lt;param&gt;/               a {@link StageParam}'s stage, with its own writer
 * path/stages/&lt;param&gt;/00_&lt;uid&gt;/ ...   a {@link StageArrayParam}'s stages, in order
 * </pre>
 *
 * Only explicitly set stage params are saved; defaults are rebuilt by the owner's constructor.
 * Fitted sub-models (members, best model) go in folders the owner names, through {@link #save} and
 * {@link #saveAll} (zero-padded {@code NN_uid} sub-folders). {@link #loadParams} also reads the
 * layout written before 0.2 by the cross-validator and the tuner (each stage param directly in
 * {@code path/<param>/}).
 */
public final class NestedStages {
  private NestedStages() {}

  /** Names of the owner's stage-valued params (kept out of {@code metadata/} when reading). */
  public static List<String> paramNames(Params owner) {
    List<String> out = new ArrayList<>();
    for (Param<?> p : owner.params()) {
      if (p instanceof StageParam<?> || p instanceof StageArrayParam) {
        out.add(p.name());
      }
    }
    return out;
  }

  /** Fails before anything is written when a set nested stage cannot be saved. */
  public static void requireWritable(Params owner) {
    for (Param<?> p : owner.params()) {
      if (!owner.isSet(p)) {
        continue;
      }
      if (p instanceof StageParam<?>) {
        requireWritable(owner, "param " + p.name(), owner.getOrDefault(p));
      } else if (p instanceof StageArrayParam) {
        PipelineStage[] stages = (PipelineStage[]) owner.getOrDefault(p);
        for (int i = 0; i < stages.length; i++) {
          requireWritable(owner, "param " + p.name() + " element " + i, stages[i]);
        }
      }
    }
  }

  /** Fails when {@code stage} (called {@code what} in the message) cannot be saved. */
  public static void requireWritable(Identifiable owner, String what, Object stage) {
    if (!(stage instanceof MLWritable)) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot save %s %s: its %s holds %s (%s), which is not MLWritable. Use a stage with a"
                  + " writer (every Spark ML and Refinery stage has one).",
              owner.getClass().getSimpleName(),
              owner.uid(),
              what,
              stage == null ? "null" : stage.getClass().getName(),
              stage instanceof Identifiable id ? id.uid() : "-"));
    }
  }

  /** Writes {@code metadata/} and the set stage params in {@code stages/<param>/}. */
  public static void saveParams(Params owner, String path, SparkContext sc) {
    SparkBridge.saveMetadata(owner, path, sc);
    for (Param<?> p : owner.params()) {
      if (!owner.isSet(p)) {
        continue;
      }
      String dir = path + "/stages/" + p.name();
      if (p instanceof StageParam<?>) {
        save((Params) owner.getOrDefault(p), dir);
      } else if (p instanceof StageArrayParam) {
        mkdirs(dir, sc); // an empty list is saved as an empty folder
        saveAll(Arrays.asList((PipelineStage[]) owner.getOrDefault(p)), dir);
      }
    }
  }

  private static void mkdirs(String dir, SparkContext sc) {
    try {
      Path p = new Path(dir);
      p.getFileSystem(sc.hadoopConfiguration()).mkdirs(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code metadata/} written for the owner's class into {@code owner} (whose uid must be the
   * saved one), leaving out its stage params and {@code skip}, then sets the saved stage params,
   * from this layout or the one before 0.2.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T extends Params> T loadParams(
      T owner, String path, SparkContext sc, String... skip) {
    List<String> skipped = paramNames(owner);
    skipped.addAll(Arrays.asList(skip));
    SparkBridge.loadParams(owner, path, sc, owner.getClass().getName(), skipped);
    boolean legacy = !exists(path + "/stages", sc);
    for (Param<?> p : owner.params()) {
      if (!(p instanceof StageParam<?> || p instanceof StageArrayParam)) {
        continue;
      }
      String dir = legacy ? path + "/" + p.name() : path + "/stages/" + p.name();
      if (!exists(dir, sc) || (legacy && !exists(dir + "/metadata", sc))) {
        continue;
      }
      if (p instanceof StageParam<?>) {
        owner.set((Param) p, load(dir, sc));
      } else {
        owner.set((Param) p, loadAll(dir, sc).toArray(new PipelineStage[0]));
      }
    }
    return owner;
  }

  /** The uid in {@code path/metadata/}, checked against the class that reads it. */
  public static String uid(String path, SparkContext sc, Class<?> cls) {
    return SparkBridge.uid(path, sc, cls.getName());
  }

  /** Saves one stage with its own writer. */
  public static void save(Params stage, String path) {
    if (!(stage instanceof MLWritable w)) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot save %s (%s) at %s: it is not MLWritable",
              stage == null ? "null" : stage.uid(),
              stage == null ? "null" : stage.getClass().getName(),
              path));
    }
    try {
      w.write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves stages as {@code dir/00_uid, dir/01_uid, ...} (wider indices from 100 stages). */
  public static void saveAll(List<? extends Params> stages, String dir) {
    int width = Math.max(2, String.valueOf(stages.size()).length());
    for (int i = 0; i < stages.size(); i++) {
      save(stages.get(i), String.format("%s/%0" + width + "d_%s", dir, i, stages.get(i).uid()));
    }
  }

  /** Loads a stage saved with its own writer (the class is read from its metadata). */
  public static <T> T load(String path, SparkContext sc) {
    return SparkBridge.loadStage(path, sc);
  }

  /** Loads the stages {@link #saveAll} wrote, in index order; none when the folder is missing. */
  public static <T> List<T> loadAll(String dir, SparkContext sc) {
    List<T> out = new ArrayList<>();
    if (!exists(dir, sc)) {
      return out;
    }
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      FileStatus[] children = fs.listStatus(p);
      Arrays.sort(
          children,
          Comparator.comparingLong((FileStatus s) -> index(s.getPath().getName()))
              .thenComparing(s -> s.getPath().getName()));
      for (FileStatus c : children) {
        if (c.isDirectory()) {
          out.add(SparkBridge.loadStage(c.getPath().toString(), sc));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index of an {@code NN_uid} folder (names sort by it whatever their padding). */
  private static long index(String name) {
    int cut = name.indexOf('_');
    try {
      return Long.parseLong(cut < 0 ? name : name.substring(0, cut));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The writer of a stage whose whole state is its params and nested stages (an estimator). */
  public static final class Writer extends MLWriter {
    private final Params stage;

    /** Checks that every nested stage can be saved. */
    public Writer(Params stage) {
      requireWritable(stage);
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      saveParams(stage, path, sc());
    }
  }

  /**
   * The reader of what {@link Writer} saved: a new instance with the saved uid, then its params.
   */
  public static final class Reader<T extends Params> extends MLReader<T> {
    private final Class<T> cls;
    private final Function<String, T> create;

    /**
     * {@code create} builds an instance from a uid (the stage's {@code (String uid)} constructor).
     */
    public Reader(Class<T> cls, Function<String, T> create) {
      this.cls = cls;
      this.create = create;
    }

    @Override
    public T load(String path) {
      return loadParams(create.apply(uid(path, sc(), cls)), path, sc());
    }
  }

  /** Builds a model from its saved uid and the data it saved under its path. */
  public interface DataLoader<T> {
    T load(String uid, String path, SparkSession spark);
  }

  /**
   * The reader of a model that saves data of its own next to {@code metadata/}: {@code create}
   * builds it from the saved uid and that data, then its params are read ({@link #loadParams}).
   */
  public static <T extends Params> MLReader<T> dataReader(Class<T> cls, DataLoader<T> create) {
    return new MLReader<T>() {
      @Override
      public T load(String path) {
        return loadParams(create.load(uid(path, sc(), cls), path, sparkSession()), path, sc());
      }
    };
  }

  /** Whether {@code path} exists on its file system. */
  public static boolean exists(String path, SparkContext sc) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(sc.hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
