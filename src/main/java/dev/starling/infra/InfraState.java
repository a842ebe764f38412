package dev.starling.infra;

import dev.starling.artifact.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .starling/infra.json} in the project folder: where {@code infra up} left the cluster, for the Redshift
 * target to connect to. Exactly these keys: cluster_identifier, region, host, port (a number), database, user,
 * iam_role_arn. No password: that stays in its environment variable.
 */
public record InfraState(String clusterIdentifier, String region, String host, int port, String database, String user,
                         String iamRoleArn) {

    public static final String RELATIVE_PATH = ".starling/infra.json";

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster_identifier", clusterIdentifier);
        map.put("region", region);
        map.put("host", host);
        map.put("port", port);
        map.put("database", database);
        map.put("user", user);
        map.put("iam_role_arn", iamRoleArn);
        return map;
    }

    /** Writes the file whole (a temporary file renamed over it), so a reader never sees half of it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, Json.write(toMap()), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's text, or null when there is none. */
    public static String readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file; returns whether there was one. */
    public static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
