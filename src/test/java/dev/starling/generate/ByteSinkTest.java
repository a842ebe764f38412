package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The hand-written JSON: escapes as Python's json.dumps (plus \/ in the logs), numbers as the real data. */
class ByteSinkTest {

    private static String json(String s, boolean escapeSlash) {
        return new String(ByteSink.jsonString(s, escapeSlash), StandardCharsets.US_ASCII);
    }

    @Test
    void stringsAreEscapedToAscii() {
        assertEquals("\"Beyonc\\u00e9\"", json("Beyoncé", false));
        assertEquals("\"\\u5149\"", json("光", false));
        assertEquals("\"\\\"Heroes\\\"\"", json("\"Heroes\"", false));
        assertEquals("\"Guns N' Roses\"", json("Guns N' Roses", false));
        assertEquals("\"C:\\\\Songs\\\\Demo\"", json("C:\\Songs\\Demo", false));
        assertEquals("\"Tabs\\tand\\nlines\\u0001\"", json("Tabs\tand\nlines\u0001", false));
        assertEquals("\"Note \\ud83c\\udfb5\"", json("Note 🎵", false));
        assertEquals("\"Mozilla\\/5.0\"", json("Mozilla/5.0", true));
        assertEquals("\"Mozilla/5.0\"", json("Mozilla/5.0", false));
    }

    @Test
    void duckDbDecodesTheEscapesBackToTheText() throws SQLException {
        String text = "Note 🎵 \"Heroes\" C:\\Demo Beyoncé 光 Mozilla/5.0\tend";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement statement = connection.prepareStatement("select json_extract_string(?::json, '$')")) {
            statement.setString(1, json(text, true));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertEquals(text, rs.getString(1));
            }
        }
    }

    @Test
    void numbersAreWrittenLikeTheRealData() {
        assertEquals("337.68444", new ByteSink(16).fixed5(33_768_444).toString());
        assertEquals("440.2673", new ByteSink(16).fixed5(44_026_730).toString());
        assertEquals("123.0", new ByteSink(16).fixed5(12_300_000).toString());
        assertEquals("-0.12714", new ByteSink(16).fixed5(-12_714).toString());
        assertEquals("-95.36978", new ByteSink(16).fixed5(-9_536_978).toString());
        assertEquals("0.00001", new ByteSink(16).fixed5(1).toString());
        assertEquals("1541105830796", new ByteSink(2).decimal(1_541_105_830_796L).toString());
        assertEquals("0", new ByteSink(2).decimal(0).toString());
        assertEquals("-42", new ByteSink(2).decimal(-42).toString());
    }
}
