package dev.starling.generate;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The app's users: who they are (name, gender, location, user agent, registration time never change), how active
 * they are (Zipf-like), and their subscription level day by day. A user's level changes on planned days, decided
 * up front per (user, day) so that days can be written independently and in parallel: the change shows in the
 * logs as Upgrade / Submit Upgrade (or Downgrade / Submit Downgrade) in their first session that day.
 *
 * <p>Each user's constant event fields are kept as ready-to-copy JSON pieces in one byte pool.</p>
 */
final class Users {

    static final int FREE = 0;
    static final int PAID = 1;

    /** Pieces per user, in event field order; see {@link DayWriter}. */
    static final int PIECES = 5;

    final int count;
    private final int days;
    private final BytePool pieces = new BytePool();
    private final BitSet paidAtDayStart;
    private final BitSet changesOnDay;
    private final Zipf activity;

    Users(int count, int days, long seed, long firstDayStartMs) {
        this.count = count;
        this.days = days;
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0x05E, 0));
        paidAtDayStart = new BitSet(count * days);
        changesOnDay = new BitSet(count * days);
        for (int u = 0; u < count; u++) {
            boolean female = rng.nextBoolean();
            List<String> firsts = female ? Names.FIRST_FEMALE : Names.FIRST_MALE;
            String first = Names.pick(rng, firsts);
            String last = Names.pick(rng, Names.LAST_NAMES);
            String location = Names.pick(rng, Names.USER_LOCATIONS);
            String agent = Names.pick(rng, Names.USER_AGENTS);
            long registration = firstDayStartMs - 1000L * rng.nextLong(3_600L, 180L * 86_400L) - rng.nextInt(1000);
            String userId = Integer.toString(u + 1);
            add(new ByteSink(64).ascii(",\"firstName\":").string(first, true).ascii(",\"gender\":\"")
                    .put(female ? 'F' : 'M').ascii("\",\"itemInSession\":"));
            add(new ByteSink(64).ascii(",\"lastName\":").string(last, true).ascii(",\"length\":"));
            add(new ByteSink(64).ascii(",\"location\":").string(location, true).ascii(",\"method\":\""));
            add(new ByteSink(64).ascii(",\"registration\":").decimal(registration).ascii(".0,\"sessionId\":"));
            add(new ByteSink(160).ascii(",\"userAgent\":").string(agent, true).ascii(",\"userId\":\"")
                    .ascii(userId).ascii("\"}"));

            boolean paid = rng.nextInt(100) < 25;
            for (int d = 0; d < days; d++) {
                paidAtDayStart.set(u * days + d, paid);
                double chance = paid ? 0.008 : 0.02;
                if (Seeds.uniform(seed, 0x1E7E1, u, d) < chance) {
                    changesOnDay.set(u * days + d);
                    paid = !paid;
                }
            }
        }
        activity = new Zipf(count, 0.9, rng);
    }

    private void add(ByteSink piece) {
        pieces.add(piece.toByteArray());
    }

    void writePiece(ByteSink sink, int user, int piece) {
        pieces.writeTo(sink, user * PIECES + piece);
    }

    int draw(SplittableRandom rng) {
        return activity.draw(rng);
    }

    int levelAtStartOf(int user, int day) {
        return paidAtDayStart.get(user * days + day) ? PAID : FREE;
    }

    boolean changesLevelOn(int user, int day) {
        return changesOnDay.get(user * days + day);
    }
}
