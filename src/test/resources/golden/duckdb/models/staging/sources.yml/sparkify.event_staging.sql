create table "main"."event_staging" as
select
    "artist" as "artist",
    "auth" as "auth",
    "firstName" as "first_name",
    "gender" as "gender",
    "itemInSession" as "item_in_session",
    "lastName" as "last_name",
    "length" as "length",
    "level" as "level",
    "location" as "location",
    "method" as "method",
    "page" as "page",
    "registration" as "registration",
    "sessionId" as "session_id",
    "song" as "song",
    "status" as "status",
    "ts" as "ts",
    "userAgent" as "user_agent",
    "userId" as "user_id"
from read_json('<project>/data/sample/log_data/**/*.json',
    format = 'newline_delimited',
    columns = {'artist': 'VARCHAR', 'auth': 'VARCHAR', 'firstName': 'VARCHAR', 'gender': 'VARCHAR', 'itemInSession': 'INTEGER', 'lastName': 'VARCHAR', 'length': 'DOUBLE', 'level': 'VARCHAR', 'location': 'VARCHAR', 'method': 'VARCHAR', 'page': 'VARCHAR', 'registration': 'DOUBLE', 'sessionId': 'INTEGER', 'song': 'VARCHAR', 'status': 'INTEGER', 'ts': 'BIGINT', 'userAgent': 'VARCHAR', 'userId': 'VARCHAR'}
);
