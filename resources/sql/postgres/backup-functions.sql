-- Functions, procedures and window functions (definitions from pg_get_functiondef) and
-- aggregates (their parts from pg_aggregate), in user schemas; not extension members, nor
-- functions internal to another object (the constructors a range type creates for itself).
SELECT p.oid,
       n.nspname AS schema,
       p.proname AS name,
       p.prokind AS kind,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition,
       pg_get_userbyid(p.proowner) AS owner,
       (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                          'privilege', a.privilege_type, 'grantable', a.is_grantable))
          FROM aclexplode(p.proacl) a) AS acl,
       p.proacl IS NOT NULL AS has_acl,
       obj_description(p.oid, 'pg_proc') AS comment,
       p.proparallel AS parallel,
       CASE WHEN p.prokind = 'a' THEN
           (SELECT json_build_object(
                       'kind', ag.aggkind,
                       'sfunc', ag.aggtransfn::regproc::text,
                       'stype', format_type(ag.aggtranstype, NULL),
                       'sspace', ag.aggtransspace,
                       'finalfunc', CASE WHEN ag.aggfinalfn <> 0 THEN ag.aggfinalfn::regproc::text END,
                       'finalfuncExtra', ag.aggfinalextra,
                       'finalfuncModify', ag.aggfinalmodify,
                       'combinefunc', CASE WHEN ag.aggcombinefn <> 0 THEN ag.aggcombinefn::regproc::text END,
                       'serialfunc', CASE WHEN ag.aggserialfn <> 0 THEN ag.aggserialfn::regproc::text END,
                       'deserialfunc', CASE WHEN ag.aggdeserialfn <> 0 THEN ag.aggdeserialfn::regproc::text END,
                       'initcond', ag.agginitval,
                       'msfunc', CASE WHEN ag.aggmtransfn <> 0 THEN ag.aggmtransfn::regproc::text END,
                       'minvfunc', CASE WHEN ag.aggminvtransfn <> 0 THEN ag.aggminvtransfn::regproc::text END,
                       'mstype', CASE WHEN ag.aggmtranstype <> 0 THEN format_type(ag.aggmtranstype, NULL) END,
                       'msspace', ag.aggmtransspace,
                       'mfinalfunc', CASE WHEN ag.aggmfinalfn <> 0 THEN ag.aggmfinalfn::regproc::text END,
                       'mfinalfuncExtra', ag.aggmfinalextra,
                       'mfinalfuncModify', ag.aggmfinalmodify,
                       'minitcond', ag.aggminitval,
                       'sortop', CASE WHEN ag.aggsortop <> 0 THEN ag.aggsortop::regoperator::text END)
              FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid)
       END AS aggregate
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, p.oid
