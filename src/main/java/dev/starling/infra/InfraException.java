package dev.starling.infra;

/**
 * An infra operation that AWS refused or that did not finish: access denied, a timeout while waiting, a cluster
 * in a state that stops the operation. One line that says what to do; exit status 1 (the project is fine, the
 * operation failed), unlike project and usage errors (2).
 */
public class InfraException extends RuntimeException {

    public static final int EXIT_STATUS = 1;

    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
