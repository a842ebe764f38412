create table "main"."event_staging" as
select
    j."artist" as "artist",
    j."auth" as "auth",
    j."firstName" as "first_name",
    j."gender" as "gender",
    j."itemInSession" as "item_in_session",
    j."lastName" as "last_name",
    j."length" as "length",
    j."level" as "level",
    j."location" as "location",
    j."method" as "method",
    j."page" as "page",
    j."registration" as "registration",
    j."sessionId" as "session_id",
    j."song" as "song",
    j."status" as "status",
    j."ts" as "ts",
    j."userAgent" as "user_agent",
    j."userId" as "user_id", 'data/sample/log_data' || substr(j.__starling_filename, length('<project>/data/sample/log_data') + 1) as "_starling_file", cast(null as bigint) as "_starling_batch"
from read_json('<project>/data/sample/log_data/**/*.json',
    format = 'newline_delimited',
    columns = {'artist': 'VARCHAR', 'auth': 'VARCHAR', 'firstName': 'VARCHAR', 'gender': 'VARCHAR', 'itemInSession': 'INTEGER', 'lastName': 'VARCHAR', 'length': 'DOUBLE', 'level': 'VARCHAR', 'location': 'VARCHAR', 'method': 'VARCHAR', 'page': 'VARCHAR', 'registration': 'DOUBLE', 'sessionId': 'INTEGER', 'song': 'VARCHAR', 'status': 'INTEGER', 'ts': 'BIGINT', 'userAgent': 'VARCHAR', 'userId': 'VARCHAR'},
    filename = '__starling_filename'
) as j;
