package ai.refinery.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The real datasets shipped inside the application jar (see data/ at the repository root). */
public final class BundledData {
  /** breast_cancer: 569 rows, 30 numeric features, binary {@code label} (BSD-3, scikit-learn). */
  public static final String BREAST_CANCER = "breast_cancer";

  private BundledData() {}

  /**
   * Copies a bundled dataset's CSV (and its licence note) into {@code dir}; returns the CSV path.
   */
  public static Path extract(String name, Path dir) {
    try {
      Files.createDirectories(dir);
      copy("refinery-data/" + name + "/NOTICE.md", dir.resolve("NOTICE.md"));
      Path csv = dir.resolve(name + ".csv");
      copy("refinery-data/" + name + "/" + name + ".csv", csv);
      return csv;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundled dataset " + name + " to " + dir, e);
    }
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = BundledData.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "bundled resource " + resource + " is missing from the jar");
      }
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
