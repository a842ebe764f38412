package dev.starling.support;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Another process that holds a DuckDB file open (as a second build would): started by tests with the test class
 * path; prints "ready" once it has the lock, and exits when its standard input closes.
 */
public final class HoldDatabase {

    private HoldDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }

    /** Starts the holder on {@code database} and returns once it holds the lock. */
    public static Process start(java.nio.file.Path database) throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                HoldDatabase.class.getName(), database.toString()).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the holder did not start: " + line);
        }
        return process;
    }
}
