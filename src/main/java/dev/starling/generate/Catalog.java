package dev.starling.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Every song the app can play. Entries {@code [0, songs)} are written as song files; the rest ("phantoms") are
 * played but have no file, as in the real data where most plays name songs that are not in song_data. Some
 * phantoms are near misses of a real song (same title and artist, another duration) or its title in mojibake.
 * Artists have several songs each (Zipf-like); a few real songs share title, artist and duration with another
 * song_id, as the Million Song Dataset has. Text is kept pre-escaped in byte pools (no object per song).
 */
final class Catalog {

    private static final long IDS = 0x1D5;

    final int songs;
    final int entries;
    final int artists;
    private final long seed;

    private final int[] artistOf;
    private final long[] durationE5;
    private final short[] year;
    private final BytePool titles = new BytePool();
    private final BytePool artistNames = new BytePool();
    private final byte[] artistPlace;      // index into Names.ARTIST_PLACES, or -1 for ""
    private final int[] latitudeE5;        // Integer.MIN_VALUE for null
    private final int[] longitudeE5;
    private final Zipf popularity;
    private final byte[][] placeJson;

    Catalog(int songs, long seed) {
        this.songs = songs;
        this.seed = seed;
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0xCA7, 0));
        int phantoms = Math.max(1, songs / 2);
        entries = songs + phantoms;
        artists = Math.max(1, songs / 3);
        int phantomArtists = Math.max(1, phantoms / 4);
        artistOf = new int[entries];
        durationE5 = new long[entries];
        year = new short[songs];

        artistPlace = new byte[artists];
        latitudeE5 = new int[artists];
        longitudeE5 = new int[artists];
        for (int a = 0; a < artists + phantomArtists; a++) {
            artistNames.add(ByteSink.jsonString(Names.artist(rng), true));
            if (a < artists) {
                place(a, rng);
            }
        }
        placeJson = new byte[Names.ARTIST_PLACES.size()][];
        for (int p = 0; p < placeJson.length; p++) {
            placeJson[p] = ByteSink.jsonString(Names.ARTIST_PLACES.get(p).name(), false);
        }

        Zipf artistPopularity = new Zipf(artists, 0.8, rng);
        String[] realTitles = new String[songs];   // kept only while phantoms are derived from them
        for (int i = 0; i < songs; i++) {
            if (i >= artists && i > 0 && rng.nextInt(200) == 0) {
                int j = rng.nextInt(i);             // same title, artist and duration as song j, another song_id
                realTitles[i] = realTitles[j];
                artistOf[i] = artistOf[j];
                durationE5[i] = durationE5[j];
            } else {
                realTitles[i] = Names.title(rng);
                artistOf[i] = i < artists ? i : artistPopularity.draw(rng);
                durationE5[i] = duration(rng);
            }
            titles.add(ByteSink.jsonString(realTitles[i], true));
            year[i] = rng.nextInt(100) < 45 ? 0 : (short) (1960 + (int) (50 * StrictMath.sqrt(rng.nextDouble())));
        }
        for (int i = songs; i < entries; i++) {
            int kind = rng.nextInt(100);
            String title;
            if (kind < 12) {                        // near miss: a real song's title and artist, another length
                int j = rng.nextInt(songs);
                title = realTitles[j];
                artistOf[i] = artistOf[j];
                durationE5[i] = Math.max(100_000, durationE5[j] + (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(3_000_000)));
            } else if (kind < 17) {                 // a real song with its title in mojibake (UTF-8 read as Latin-1)
                int j = rng.nextInt(songs);
                title = mojibake(realTitles[j]);
                artistOf[i] = artistOf[j];
                durationE5[i] = durationE5[j] + (title.equals(realTitles[j]) ? 1 : 0);
            } else {
                title = Names.title(rng);
                artistOf[i] = kind < 55 ? rng.nextInt(artists) : artists + rng.nextInt(phantomArtists);
                durationE5[i] = duration(rng);
            }
            titles.add(ByteSink.jsonString(title, true));
        }
        popularity = new Zipf(entries, 1.0, 3, rng);
    }

    private void place(int a, SplittableRandom rng) {
        latitudeE5[a] = Integer.MIN_VALUE;
        longitudeE5[a] = Integer.MIN_VALUE;
        if (rng.nextInt(100) < 60) {
            int p = rng.nextInt(Names.ARTIST_PLACES.size());
            artistPlace[a] = (byte) p;
            if (rng.nextInt(100) < 70) {
                latitudeE5[a] = Names.ARTIST_PLACES.get(p).latitudeE5();
                longitudeE5[a] = Names.ARTIST_PLACES.get(p).longitudeE5();
            }
        } else {
            artistPlace[a] = -1;
            if (rng.nextInt(100) < 8) {
                latitudeE5[a] = rng.nextInt(-5_000_000, 7_000_000);
                longitudeE5[a] = rng.nextInt(-18_000_000, 18_000_000);
            }
        }
    }

    /** A song length in 10^-5 s: log-normal around 4 minutes, between 20 s and 20 min. */
    private static long duration(SplittableRandom rng) {
        double gaussian = 0;
        for (int i = 0; i < 4; i++) {
            gaussian += rng.nextDouble();
        }
        gaussian = (gaussian - 2) * StrictMath.sqrt(3);   // mean 0, variance 1 (Irwin-Hall), without nextGaussian
        double seconds = Math.min(1200, Math.max(20, 235 * StrictMath.exp(0.35 * gaussian)));
        return (long) seconds * 100_000 + rng.nextInt(100_000);
    }

    private static String mojibake(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** A catalog entry drawn by popularity. */
    int draw(SplittableRandom rng) {
        return popularity.draw(rng);
    }

    long durationE5(int entry) {
        return durationE5[entry];
    }

    /** The title as a JSON string literal in event form (slashes escaped). */
    void writeTitle(ByteSink sink, int entry) {
        titles.writeTo(sink, entry);
    }

    void writeArtistName(ByteSink sink, int entry) {
        artistNames.writeTo(sink, artistOf[entry]);
    }

    /** The track id, e.g. TRABBNP0000A1F3C2E: its 3rd to 5th letters name the song file's folders (A/B/B). */
    String trackId(int song) {
        return id("TR", song, 1);
    }

    String songId(int song) {
        return id("SO", song, 2);
    }

    String artistId(int artist) {
        return id("AR", artist, 3);
    }

    private String id(String prefix, int index, int salt) {
        long h = Seeds.derive(seed, IDS + salt, index);
        char[] c = new char[18];
        c[0] = prefix.charAt(0);
        c[1] = prefix.charAt(1);
        long letters = h >>> 1;
        for (int i = 0; i < 5; i++) {
            // track ids start TRA, as in the Udacity song_data (the "A" slice of the Million Song Dataset):
            // song_data/A/x/y/ then has at most 676 folders, which keeps writing 100,000 files quick
            c[2 + i] = i == 0 && prefix.equals("TR") ? 'A' : (char) ('A' + (int) (letters % 26));
            letters /= 26;
        }
        long n = index;
        for (int i = 12; i >= 7; i--) {
            int d = (int) (n % 36);
            c[i] = (char) (d < 10 ? '0' + d : 'A' + d - 10);
            n /= 36;
        }
        for (int i = 13; i < 18; i++) {
            int d = (int) (letters & 0xf);
            letters >>>= 4;
            c[i] = (char) (d < 10 ? '0' + d : 'A' + d - 10);
        }
        return new String(c);
    }

    /**
     * One song file record, exactly as the Million Song Dataset subset spells it:
     * {@code {"num_songs": 1, "artist_id": ..., "year": 0}} with ", " and ": " separators.
     */
    void writeSongJson(ByteSink sink, int song) {
        int a = artistOf[song];
        sink.ascii("{\"num_songs\": 1, \"artist_id\": \"").ascii(artistId(a)).ascii("\", \"artist_latitude\": ");
        coordinate(sink, latitudeE5[a]);
        sink.ascii(", \"artist_longitude\": ");
        coordinate(sink, longitudeE5[a]);
        sink.ascii(", \"artist_location\": ");
        if (artistPlace[a] < 0) {
            sink.ascii("\"\"");
        } else {
            sink.put(placeJson[artistPlace[a]]);
        }
        sink.ascii(", \"artist_name\": ");
        artistNames.writeUnescapingSlashes(sink, a);
        sink.ascii(", \"song_id\": \"").ascii(songId(song)).ascii("\", \"title\": ");
        titles.writeUnescapingSlashes(sink, song);
        sink.ascii(", \"duration\": ").fixed5(durationE5[song]).ascii(", \"year\": ").decimal(year[song]).put('}');
    }

    private static void coordinate(ByteSink sink, int e5) {
        if (e5 == Integer.MIN_VALUE) {
            sink.ascii("null");
        } else {
            sink.fixed5(e5);
        }
    }
}
