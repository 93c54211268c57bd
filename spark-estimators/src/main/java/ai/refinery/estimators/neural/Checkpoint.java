package ai.refinery.estimators.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Everything needed to continue a fit exactly where it was: weights, optimizer state, early
 * stopping state, history and the data scalers after {@code epochsDone} epochs. Written as one JSON
 * file {@code epoch-NNNNN.json} per checkpoint through Hadoop's FileSystem (local, hdfs://,
 * s3a://): first to a temporary name, then renamed, so a job killed while writing leaves the
 * previous checkpoint intact. Doubles are written with round-trip precision, so a resumed fit
 * continues bit for bit.
 */
record Checkpoint(
    int version,
    int[] sizes,
    String activation,
    boolean classification,
    int epochsDone,
    long globalStep,
    int stepsPerEpoch,
    double[] weights,
    double[] optM,
    double[] optV,
    long optT,
    double[] bestWeights,
    Double bestMetric,
    int bestEpoch,
    int epochsWithoutImprovement,
    List<EpochRecord> history,
    double[] featureMean,
    double[] featureScale,
    double labelMean,
    double labelScale) {

  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 3;

  /** Writes this checkpoint under {@code dir}; keeps the newest {@link #KEEP} checkpoints. */
  void write(String dir, Configuration conf) {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(conf);
      fs.mkdirs(root);
      String name = String.format("epoch-%05d.json", epochsDone);
      Path tmp = new Path(root, "_tmp-" + name);
      try (OutputStream out = fs.create(tmp, true)) {
        JSON.writeValue(out, this);
      }
      Path dst = new Path(root, name);
      fs.delete(dst, false);
      if (!fs.rename(tmp, dst)) {
        throw new IOException("could not rename " + tmp + " to " + dst);
      }
      List<Path> all = list(fs, root);
      for (int i = 0; i < all.size() - KEEP; i++) {
        fs.delete(all.get(i), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Writing the checkpoint of epoch "
              + epochsDone
              + " to "
              + dir
              + " (param checkpointDir) failed: "
              + e.getMessage(),
          e);
    }
  }

  /** Checkpoint files under {@code root}, oldest first. */
  private static List<Path> list(FileSystem fs, Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(root)) {
      String n = s.getPath().getName();
      if (s.isFile() && n.startsWith("epoch-") && n.endsWith(".json")) {
        out.add(s.getPath());
      }
    }
    out.sort((a, b) -> a.getName().compareTo(b.getName()));
    return out;
  }

  /** True when {@code path} is a checkpoint file or a folder holding checkpoint files. */
  static boolean exists(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return false;
      }
      return fs.getFileStatus(p).isFile() || !list(fs, p).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a checkpoint file, or the newest checkpoint in a folder. */
  static Checkpoint read(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      Path file = p;
      if (fs.getFileStatus(p).isDirectory()) {
        List<Path> all = list(fs, p);
        file = all.get(all.size() - 1);
      }
      try (InputStream in = fs.open(file)) {
        Checkpoint c = JSON.readValue(in, Checkpoint.class);
        if (c.version() != VERSION) {
          throw new IllegalArgumentException(
              "Checkpoint "
                  + file
                  + " has format version "
                  + c.version()
                  + " but this Refinery reads version "
                  + VERSION
                  + ".");
        }
        return c;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the checkpoint at " + path + " (param resumeFrom) failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Checkpoint(epoch " + epochsDone + ", layers " + Arrays.toString(sizes) + ")";
  }
}
