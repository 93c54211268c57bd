package ai.refinery.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The folders a command created, so that a failed run can take them back: a run that fails on a
 * user error (exit 2) removes every folder it created, a run that fails at run time removes the
 * ones it left empty. Folders that existed before the command are never touched.
 */
public final class RunFolders {
  private static final List<Path> LOCAL = new ArrayList<>();
  private static final List<org.apache.hadoop.fs.Path> REMOTE = new ArrayList<>();
  private static final List<org.apache.hadoop.fs.FileSystem> REMOTE_FS = new ArrayList<>();

  private RunFolders() {}

  /** Creates {@code dir} and its missing parents, remembering the topmost one created. */
  public static synchronized void create(Path dir) throws IOException {
    Path top = null;
    for (Path p = dir.toAbsolutePath().normalize();
        p != null && !Files.exists(p);
        p = p.getParent()) {
      top = p;
    }
    Files.createDirectories(dir);
    if (top != null && !LOCAL.contains(top)) {
      LOCAL.add(top);
    }
  }

  /** Remembers a folder about to be created through a Hadoop file system. */
  public static synchronized void created(
      org.apache.hadoop.fs.Path p, org.apache.hadoop.fs.FileSystem fs) {
    if ("file".equals(fs.getScheme())) {
      Path local = Path.of(p.toUri().getPath()).toAbsolutePath().normalize();
      Path top = null;
      for (Path q = local; q != null && !Files.exists(q); q = q.getParent()) {
        top = q;
      }
      if (top != null && !LOCAL.contains(top)) {
        LOCAL.add(top);
      }
      return;
    }
    REMOTE.add(p);
    REMOTE_FS.add(fs);
  }

  /** Forgets what was recorded (a new command starts). */
  public static synchronized void reset() {
    LOCAL.clear();
    REMOTE.clear();
    REMOTE_FS.clear();
  }

  /**
   * Removes what the failed command created: everything on a user error, the empty folders
   * otherwise. Returns the folders removed.
   */
  public static synchronized List<Path> cleanUp(boolean everything) {
    List<Path> removed = new ArrayList<>();
    for (int i = LOCAL.size() - 1; i >= 0; i--) {
      Path top = LOCAL.get(i);
      try {
        if (!Files.exists(top)) {
          continue;
        }
        if (everything || isEmptyTree(top)) {
          deleteTree(top);
          removed.add(top);
        }
      } catch (IOException | RuntimeException e) {
        // best effort: a folder we cannot remove stays
      }
    }
    for (int i = REMOTE.size() - 1; i >= 0; i--) {
      try {
        org.apache.hadoop.fs.FileSystem fs = REMOTE_FS.get(i);
        org.apache.hadoop.fs.Path p = REMOTE.get(i);
        if (fs.exists(p) && (everything || fs.listStatus(p).length == 0)) {
          fs.delete(p, true);
        }
      } catch (IOException | RuntimeException e) {
        // best effort
      }
    }
    reset();
    return removed;
  }

  private static boolean isEmptyTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.allMatch(Files::isDirectory);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
