package dev.starling.project;

import java.util.Map;

/**
 * A generic data test applied to a model or source column, e.g. {@code unique} on {@code song.song_id}.
 *
 * @param testName   unique, not_null, accepted_values, relationships, or a project's own generic test
 * @param attachedTo the id of the model or source it tests
 * @param column     the column, or null for a test on the whole relation
 * @param args       the test's arguments as written (values, to, field, ...)
 */
public record TestSpec(String testName, String attachedTo, String column, Map<String, Object> args) {
}
