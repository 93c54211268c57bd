package ai.refinery.ensembles;

import ai.refinery.estimators.internal.SparkBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;

/**
 * Saves and loads the nested stages of a stage (its {@link StageParam}s and {@link
 * StageArrayParam}s, and lists of fitted member models) in sub-folders named with a zero-padded
 * index and the uid, like Spark's Pipeline and CrossValidator. Only explicitly set stage params are
 * saved: defaults are rebuilt from the owner's uid by its constructor.
 */
final class NestedStages {
  private NestedStages() {}

  /** Names of the owner's stage-valued params (skipped when reading {@code metadata/}). */
  static List<String> stageParamNames(Params owner) {
    List<String> out = new ArrayList<>();
    for (Param<?> p : owner.params()) {
      if (p instanceof StageParam<?> || p instanceof StageArrayParam) {
        out.add(p.name());
      }
    }
    return out;
  }

  /** Checks before anything is written that every nested stage can be saved. */
  static void requireWritable(Params owner) {
    for (Param<?> p : owner.params()) {
      if (!owner.isSet(p)) {
        continue;
      }
      if (p instanceof StageParam<?>) {
        requireWritable(p.name(), (PipelineStage) owner.getOrDefault(p));
      } else if (p instanceof StageArrayParam) {
        for (PipelineStage s : (PipelineStage[]) owner.getOrDefault(p)) {
          requireWritable(p.name(), s);
        }
      }
    }
  }

  static void requireWritable(String what, Object stage) {
    if (!(stage instanceof MLWritable)) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot save: %s %s (%s) is not MLWritable",
              what,
              stage == null ? "null" : ((PipelineStage) stage).uid(),
              stage == null ? "null" : stage.getClass().getName()));
    }
  }

  static void saveParams(Params owner, String path) throws IOException {
    for (Param<?> p : owner.params()) {
      if (!owner.isSet(p)) {
        continue;
      }
      if (p instanceof StageParam<?>) {
        save((PipelineStage) owner.getOrDefault(p), path + "/stages/" + p.name());
      } else if (p instanceof StageArrayParam) {
        saveAll(
            Arrays.asList((PipelineStage[]) owner.getOrDefault(p)), path + "/stages/" + p.name());
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void loadParams(Params owner, String path, SparkContext sc) {
    for (Param<?> p : owner.params()) {
      String dir = path + "/stages/" + p.name();
      if (!exists(dir, sc)) {
        continue;
      }
      if (p instanceof StageParam<?>) {
        owner.set((Param) p, SparkBridge.loadStage(dir, sc));
      } else if (p instanceof StageArrayParam) {
        owner.set((Param) p, loadAll(dir, sc).toArray(new PipelineStage[0]));
      }
    }
  }

  static void save(PipelineStage stage, String path) throws IOException {
    requireWritable("stage", stage);
    ((MLWritable) stage).write().save(path);
  }

  /** Saves stages as {@code dir/00_uid, dir/01_uid, ...}. */
  static void saveAll(List<? extends PipelineStage> stages, String dir) throws IOException {
    int width = Math.max(2, String.valueOf(stages.size()).length());
    for (int i = 0; i < stages.size(); i++) {
      save(stages.get(i), String.format("%s/%0" + width + "d_%s", dir, i, stages.get(i).uid()));
    }
  }

  /** Loads stages saved by {@link #saveAll}, in index order. */
  static <T> List<T> loadAll(String dir, SparkContext sc) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      FileStatus[] children = fs.listStatus(p);
      Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
      List<T> out = new ArrayList<>();
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

  static boolean exists(String dir, SparkContext sc) {
    try {
      Path p = new Path(dir);
      return p.getFileSystem(sc.hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
