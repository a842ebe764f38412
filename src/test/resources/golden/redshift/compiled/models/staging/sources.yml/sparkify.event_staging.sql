create table "public"."event_staging" (
    "artist" varchar(65535),
    "auth" varchar(65535),
    "first_name" varchar(65535),
    "gender" varchar(65535),
    "item_in_session" integer,
    "last_name" varchar(65535),
    "length" double precision,
    "level" varchar(65535),
    "location" varchar(65535),
    "method" varchar(65535),
    "page" varchar(65535),
    "registration" double precision,
    "session_id" integer,
    "song" varchar(65535),
    "status" integer,
    "ts" bigint,
    "user_agent" varchar(65535),
    "user_id" varchar(65535),
    "_starling_batch" bigint
);

copy "public"."event_staging" ("artist", "auth", "first_name", "gender", "item_in_session", "last_name", "length", "level", "location", "method", "page", "registration", "session_id", "song", "status", "ts", "user_agent", "user_id")
from 's3://udacity-dend/log_data/'
iam_role 'arn:aws:iam::123456789012:role/starling-redshift-s3-read'
format as json 's3://udacity-dend/log_json_path.json'
region 'us-west-2'
maxerror 1;
