package ai.refinery.jobs;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which failures are the user's to fix (exit code 2: the spec, the data, a path or a version) and
 * what to tell them, in the spec's words. Everything else is a failure at run time (exit code 1).
 */
final class UserErrors {
  private UserErrors() {}

  /** Causes from the outermost in. */
  private static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  static boolean isUserError(Throwable t) {
    if (t instanceof IllegalArgumentException) {
      return true;
    }
    for (Throwable c : chain(t)) {
      String cls = c.getClass().getName();
      String msg = String.valueOf(c.getMessage());
      if (c instanceof IllegalArgumentException
          || c instanceof FileNotFoundException
          || cls.endsWith("VersionNotFoundException")
          || cls.endsWith("InvalidInputException")
          || (cls.endsWith("AnalysisException")
              && (msg.contains("PATH_NOT_FOUND")
                  || msg.contains("TABLE_OR_VIEW_NOT_FOUND")
                  || msg.contains("UNRESOLVED_COLUMN")
                  || msg.contains("DELTA_")
                  || msg.contains("does not exist")))) {
        return true;
      }
    }
    return false;
  }

  /** The message to print: the innermost clear one, in the spec's words, on one line. */
  static String message(Throwable t) {
    Throwable pick = t;
    if (!(t instanceof IllegalArgumentException)) {
      for (Throwable c : chain(t)) {
        if (c instanceof IllegalArgumentException && c.getMessage() != null) {
          pick = c;
          break;
        }
      }
    }
    String m = pick.getMessage() == null ? pick.getClass().getSimpleName() : pick.getMessage();
    return inSpecWords(firstLine(m));
  }

  /** Library wording (param names) translated to the spec's keys. */
  static String inSpecWords(String m) {
    return m.replace("Set handleInvalid to 'skip'", "Set folds.handleInvalid in the spec to 'skip'")
        .replace("Use a new jobId, or", "Give the job a new name (key name), or")
        .replace("use a new jobId", "give the job a new name (key name)");
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
