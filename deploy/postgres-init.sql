-- Roles for a PostgreSQL deployment. The group role autolumiku_app receives the table grants
-- (in the migrations); the login role the service uses is a member that owns nothing, is not
-- a superuser and has no BYPASSRLS, so row-level security applies to every query it makes.
CREATE ROLE autolumiku_app NOLOGIN;
CREATE ROLE autolumiku LOGIN PASSWORD 'app-secret' IN ROLE autolumiku_app;
