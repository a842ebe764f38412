package dev.starling.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one day of events, in ts order, streaming: sessions start through the day (more in the afternoon and
 * evening than at night) and run side by side; a heap of the open sessions, ordered by each one's next event
 * time, decides which event comes next. Memory is the open sessions only, whatever the day's size.
 *
 * <p>A session belongs to one user; its events have increasing itemInSession; after a NextSong the next event
 * comes when the song ends (or is skipped). Some sessions start logged out (Home, then Login), some log out and
 * in again, a few are guests; logged-out and guest events have userId "" and null user fields but keep a level.
 * The day's event count is exact: each new session reserves its length from the day's budget, and a session cut
 * at midnight gives the rest back.</p>
 */
final class DayWriter {

    static final long DAY_MS = 86_400_000L;
    private static final int FLUSH_AT = 1 << 20;
    private static final int PROGRESS_EVERY = 1 << 14;

    private static final int LOGGED_IN = 0;
    private static final int LOGGED_OUT = 1;
    private static final int GUEST = 2;

    /** Session start weights per UTC hour of the day. */
    private static final double[] HOUR_WEIGHTS = {
        3, 2, 2, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3};
    private static final double[] HOUR_CUMULATIVE = new double[25];

    static {
        double total = 0;
        for (double w : HOUR_WEIGHTS) {
            total += w;
        }
        for (int h = 0; h < 24; h++) {
            HOUR_CUMULATIVE[h + 1] = HOUR_CUMULATIVE[h] + HOUR_WEIGHTS[h] / total;
        }
        HOUR_CUMULATIVE[24] = 1.0;
    }

    /** A page with its method and status, as ready-to-copy bytes. */
    enum Page {
        NEXT_SONG("NextSong", "PUT", 200), HOME("Home", "GET", 200), LOGIN("Login", "PUT", 307),
        LOGOUT("Logout", "PUT", 307), SETTINGS("Settings", "GET", 200), SAVE_SETTINGS("Save Settings", "PUT", 307),
        HELP("Help", "GET", 200), ABOUT("About", "GET", 200), UPGRADE("Upgrade", "GET", 200),
        DOWNGRADE("Downgrade", "GET", 200), SUBMIT_UPGRADE("Submit Upgrade", "PUT", 307),
        SUBMIT_DOWNGRADE("Submit Downgrade", "PUT", 307), ERROR("Error", "GET", 404),
        REGISTER("Register", "GET", 200), SUBMIT_REGISTRATION("Submit Registration", "PUT", 307);

        /** {@code PUT","page":"NextSong"}: follows the user's location piece, which ends in {@code "method":"}. */
        final byte[] methodAndPage;
        /** {@code ,"status":200,"ts":} */
        final byte[] statusAndTs;

        Page(String title, String method, int status) {
            this.methodAndPage = bytes(method + "\",\"page\":\"" + title + "\"");
            this.statusAndTs = bytes(",\"status\":" + status + ",\"ts\":");
        }
    }

    private static final byte[] ARTIST = bytes("{\"artist\":");
    private static final byte[] NULL = bytes("null");
    private static final byte[][] AUTH = {
        bytes(",\"auth\":\"Logged In\""), bytes(",\"auth\":\"Logged Out\""), bytes(",\"auth\":\"Guest\"")};
    private static final byte[][] LEVEL = {bytes(",\"level\":\"free\""), bytes(",\"level\":\"paid\"")};
    private static final byte[] SONG = bytes(",\"song\":");
    private static final byte[][] ANONYMOUS = {
        bytes(",\"firstName\":null,\"gender\":null,\"itemInSession\":"),
        bytes(",\"lastName\":null,\"length\":"),
        bytes(",\"location\":null,\"method\":\""),
        bytes(",\"registration\":null,\"sessionId\":"),
        bytes(",\"userAgent\":null,\"userId\":\"\"}")};

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** One open session; mutable and reused, so there is no object per event. */
    private static final class Session implements Comparable<Session> {
        long seq;
        int user;
        int id;
        int item;
        long ts;
        int remaining;
        int mode;
        int loggedOutLeft;
        Page next;   // a page that must come next (Submit Upgrade after Upgrade, Save Settings after Settings)

        @Override
        public int compareTo(Session o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Catalog catalog;
    private final Users users;

    DayWriter(Catalog catalog, Users users) {
        this.catalog = catalog;
        this.users = users;
    }

    /** The state of one day being written. */
    private final class Day {
        final int day;
        final long start;
        final long end;
        final long budget;
        final int firstSessionId;
        final SplittableRandom rng;
        final byte[] level;
        final byte[] change;   // 0 none, 1 planned today, 2 under way (Upgrade shown), 3 done
        final PriorityQueue<Session> open = new PriorityQueue<>();
        long committed;        // events written plus events reserved by open or pending sessions
        long placed;           // events ever reserved (drives session start times; never goes back)
        long sessions;
        long lastTs;

        Day(int day, long start, long budget, int firstSessionId, long seed) {
            this.day = day;
            this.start = start;
            this.end = start + DAY_MS;
            this.budget = budget;
            this.firstSessionId = firstSessionId;
            this.rng = new SplittableRandom(Seeds.derive(seed, 0xDA7, day));
            level = new byte[users.count];
            change = new byte[users.count];
            for (int u = 0; u < users.count; u++) {
                level[u] = (byte) users.levelAtStartOf(u, day);
                change[u] = (byte) (users.changesLevelOn(u, day) ? 1 : 0);
            }
        }

        /** A new session, starting where the day's reserved share says, or null when the budget is spent. */
        Session newSession() {
            if (committed >= budget) {
                return null;
            }
            Session s = new Session();
            s.seq = sessions++;
            s.id = firstSessionId + (int) s.seq;
            s.user = users.draw(rng);
            int kind = rng.nextInt(1000);
            s.mode = kind < 15 ? GUEST : kind < 95 ? LOGGED_OUT : LOGGED_IN;
            s.loggedOutLeft = s.mode == LOGGED_OUT ? rng.nextInt(3) : 0;
            long length = s.mode == GUEST ? 1 + rng.nextInt(4) : 1 + geometric(1.0 / 14);
            // the start is where the day's reserved share (with this session partly in) falls on the hourly
            // curve, and never before an event already written (a session cut at midnight gives its rest to a
            // late one, which may start before the sessions in between)
            double share = (placed + rng.nextDouble() * length) / budget;
            s.ts = Math.max(start + startOffset(Math.min(1.0, share)), lastTs);
            s.item = 0;
            long fits = Math.max(1, (end - s.ts) / 260_000);   // about one song every 4 minutes until midnight
            length = Math.min(Math.min(length, fits), budget - committed);
            s.remaining = (int) length;
            committed += length;
            placed += length;
            return s;
        }

        long geometric(double p) {
            return (long) (StrictMath.log(1 - rng.nextDouble()) / StrictMath.log(1 - p));
        }

        /** Milliseconds into the day at which the given share of the day's sessions have started. */
        long startOffset(double share) {
            int h = 0;
            while (h < 23 && HOUR_CUMULATIVE[h + 1] <= share) {
                h++;
            }
            double within = (share - HOUR_CUMULATIVE[h]) / (HOUR_CUMULATIVE[h + 1] - HOUR_CUMULATIVE[h]);
            long offset = h * 3_600_000L + (long) (Math.min(1.0, within) * 3_600_000L);
            return Math.min(offset, DAY_MS - 60_000);
        }
    }

    /**
     * Writes {@code budget} events of day {@code day} (starting at {@code startMs}) to {@code out}, newline
     * separated, no newline after the last (as the Udacity logs). Adds to {@code progress} as it goes.
     */
    void write(int day, long startMs, long budget, int firstSessionId, long seed, OutputStream out,
               AtomicLong progress) throws IOException {
        Day d = new Day(day, startMs, budget, firstSessionId, seed);
        ByteSink sink = new ByteSink(FLUSH_AT + (64 << 10));
        Session pending = d.newSession();
        long written = 0;
        long reported = 0;
        while (true) {
            Session top = d.open.peek();
            if (pending != null && (top == null || pending.compareTo(top) <= 0)) {
                d.open.add(pending);
                pending = d.newSession();
                continue;
            }
            if (top == null) {
                break;
            }
            d.open.poll();
            if (written > 0) {
                sink.put('\n');
            }
            long gap = event(d, top, sink);
            d.lastTs = top.ts;
            written++;
            top.remaining--;
            top.item++;
            if (top.remaining > 0) {
                top.ts += gap;
                if (top.ts >= d.end) {
                    d.committed -= top.remaining;   // cut at midnight: give the rest back
                    if (pending == null) {
                        pending = d.newSession();
                    }
                } else {
                    d.open.add(top);
                }
            }
            if (sink.size() >= FLUSH_AT) {
                sink.drainTo(out);
            }
            if (written - reported >= PROGRESS_EVERY) {
                progress.addAndGet(written - reported);
                reported = written;
            }
        }
        sink.drainTo(out);
        progress.addAndGet(written - reported);
        if (written != budget) {
            throw new IllegalStateException("day " + day + ": wrote " + written + " events, planned " + budget);
        }
    }

    /** Writes the session's next event; returns the time until its event after that, in ms. */
    private long event(Day d, Session s, ByteSink sink) {
        SplittableRandom rng = d.rng;
        Page page;
        switch (s.mode) {
            case GUEST -> page = guestPage(rng, s.item);
            case LOGGED_OUT -> {
                if (s.loggedOutLeft > 0) {
                    s.loggedOutLeft--;
                    int r = rng.nextInt(10);
                    page = r < 7 ? Page.HOME : r < 9 ? Page.ABOUT : Page.HELP;
                } else {
                    page = Page.LOGIN;
                }
            }
            default -> page = loggedInPage(d, s);
        }
        int entry = -1;
        boolean anonymous = s.mode != LOGGED_IN;
        sink.put(ARTIST);
        if (page == Page.NEXT_SONG) {
            entry = catalog.draw(rng);
            catalog.writeArtistName(sink, entry);
        } else {
            sink.put(NULL);
        }
        sink.put(AUTH[s.mode]);
        piece(sink, s.user, 0, anonymous).decimal(s.item);
        piece(sink, s.user, 1, anonymous);
        if (entry >= 0) {
            sink.fixed5(catalog.durationE5(entry));
        } else {
            sink.put(NULL);
        }
        int level = s.mode == GUEST ? Users.FREE : d.level[s.user];
        sink.put(LEVEL[level]);
        piece(sink, s.user, 2, anonymous).put(page.methodAndPage);
        piece(sink, s.user, 3, anonymous).decimal(s.id);
        sink.put(SONG);
        if (entry >= 0) {
            catalog.writeTitle(sink, entry);
        } else {
            sink.put(NULL);
        }
        sink.put(page.statusAndTs).decimal(s.ts);
        piece(sink, s.user, 4, anonymous);

        switch (page) {
            case LOGIN -> s.mode = LOGGED_IN;
            case LOGOUT -> {
                s.mode = LOGGED_OUT;
                s.loggedOutLeft = rng.nextInt(3);
            }
            case SUBMIT_UPGRADE, SUBMIT_DOWNGRADE -> {
                d.level[s.user] = (byte) (1 - level);
                d.change[s.user] = 3;
            }
            default -> {
            }
        }
        if (entry >= 0) {
            long songMs = catalog.durationE5(entry) / 100;
            return rng.nextInt(100) < 85 ? songMs : 5_000 + (long) (rng.nextDouble() * songMs);
        }
        return rng.nextInt(100) < 30 ? 0 : 1_000 + (long) (-20_000 * StrictMath.log(1 - rng.nextDouble()));
    }

    private ByteSink piece(ByteSink sink, int user, int piece, boolean anonymous) {
        if (anonymous) {
            sink.put(ANONYMOUS[piece]);
        } else {
            users.writePiece(sink, user, piece);
        }
        return sink;
    }

    private static Page guestPage(SplittableRandom rng, int item) {
        if (item == 0) {
            return Page.HOME;
        }
        int r = rng.nextInt(100);
        return r < 40 ? Page.HOME : r < 52 ? Page.ABOUT : r < 66 ? Page.HELP : r < 86 ? Page.REGISTER
                : r < 96 ? Page.SUBMIT_REGISTRATION : Page.ERROR;
    }

    private Page loggedInPage(Day d, Session s) {
        SplittableRandom rng = d.rng;
        if (s.next != null) {
            Page page = s.next;
            s.next = null;
            return page;
        }
        if (s.item == 0) {
            return rng.nextInt(100) < 40 ? Page.HOME : Page.NEXT_SONG;
        }
        if (d.change[s.user] == 1) {               // today this user changes level: show the page, then submit
            d.change[s.user] = 2;
            boolean paid = d.level[s.user] == Users.PAID;
            s.next = paid ? Page.SUBMIT_DOWNGRADE : Page.SUBMIT_UPGRADE;
            return paid ? Page.DOWNGRADE : Page.UPGRADE;
        }
        int r = rng.nextInt(10_000);
        if (r < 8_500) {
            return Page.NEXT_SONG;
        } else if (r < 9_370) {
            return Page.HOME;
        } else if (r < 9_480) {
            if (rng.nextInt(10) < 3) {
                s.next = Page.SAVE_SETTINGS;
            }
            return Page.SETTINGS;
        } else if (r < 9_570) {
            return Page.HELP;
        } else if (r < 9_640) {
            return Page.ABOUT;
        } else if (r < 9_800) {
            return d.level[s.user] == Users.PAID ? Page.DOWNGRADE : Page.UPGRADE;
        } else if (r < 9_830) {
            return Page.ERROR;
        } else {
            return Page.LOGOUT;
        }
    }
}
