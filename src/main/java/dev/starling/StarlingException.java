package dev.starling;

import java.nio.file.Path;

/**
 * The one exception root of Starling. Every error a user can cause carries a code that maps to the process
 * exit status, and a one-line message that names the file, the line and what to do.
 */
public class StarlingException extends RuntimeException {

    /** Exit codes, as in dbt: 0 ok, 1 a node or test failed, 2 bad usage or project, 3 internal error. */
    public enum Code {
        USAGE(2), PROJECT(2), INTERNAL(3);

        public final int exitStatus;

        Code(int exitStatus) {
            this.exitStatus = exitStatus;
        }
    }

    private final Code code;

    public StarlingException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public StarlingException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** A project error located in a file, e.g. {@code models/schema.yml:12: unknown test 'uniq' ...}. */
    public static StarlingException at(Path file, int line, String message) {
        return new StarlingException(Code.PROJECT, location(file, line) + message);
    }

    public static StarlingException project(String message) {
        return new StarlingException(Code.PROJECT, message);
    }

    public static StarlingException usage(String message) {
        return new StarlingException(Code.USAGE, message);
    }

    /** "file:line: " (or "file: " when the line is unknown, or "" when there is no file). */
    public static String location(Path file, int line) {
        if (file == null) {
            return "";
        }
        String name = file.toString().replace('\\', '/');
        return line > 0 ? name + ":" + line + ": " : name + ": ";
    }
}
