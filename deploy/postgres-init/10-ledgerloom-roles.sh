#!/bin/bash
# Runs once, when the postgres container initialises an empty volume (docs/database.md "two roles").
# The app serves requests as ledgerloom_app (LOGIN, no superuser, no BYPASSRLS, member of ll_app);
# migrations run as ledgerloom_owner, which owns the database. ll_app and ll_system are created here,
# beforehand, so the owner needs no CREATEROLE. ledgerloom_backup (BYPASSRLS, read-only) is for
# `npm run backup` only: pg_dump must see every firm's rows despite row-level security.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$LL_OWNER_DB_PASSWORD" -v app_pw="$LL_APP_DB_PASSWORD" -v backup_pw="$LL_BACKUP_DB_PASSWORD" <<'SQL'
CREATE ROLE ll_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE ll_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE ledgerloom_owner LOGIN PASSWORD :'owner_pw' NOSUPERUSER NOBYPASSRLS;
GRANT ll_system TO ledgerloom_owner;
CREATE DATABASE ledgerloom OWNER ledgerloom_owner;
CREATE ROLE ledgerloom_app LOGIN PASSWORD :'app_pw' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE ll_app;
CREATE ROLE ledgerloom_backup LOGIN PASSWORD :'backup_pw' NOSUPERUSER BYPASSRLS IN ROLE pg_read_all_data;
SQL
