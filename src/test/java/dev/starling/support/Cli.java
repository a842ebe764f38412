package dev.starling.support;

import dev.starling.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real command line in-process and captures its exit status and output. */
public final class Cli {

    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    /** {@code starling <args> --project-dir dir} (the project dir is added unless it is null). */
    public static Result run(Path projectDir, String... args) {
        return run(projectDir, Map.of(), args);
    }

    public static Result run(Path projectDir, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (projectDir != null && args.length > 0 && !args[0].startsWith("-")) {
            all.add("--project-dir");
            all.add(projectDir.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(all.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err), env::get);
        return new Result(status, out.toString(), err.toString());
    }
}
