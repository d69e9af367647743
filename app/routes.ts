import { type RouteConfig, index, route, prefix } from "@react-router/dev/routes";

export default [
  index("routes/_index.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("account", "routes/account.tsx"),
  route("switch-authority", "routes/switch-authority.tsx"),
  route("invite/:token", "routes/invite.$token.tsx"),
  route("healthz", "routes/healthz.ts"),
  ...prefix("a/:authority", [
    index("routes/a.$authority._index.tsx"),
    route("inspections/new", "routes/a.$authority.inspections.new.tsx"),
    route("imports/:draftId", "routes/a.$authority.imports.$draftId.tsx"),
    route("inspections/:inspectionId", "routes/a.$authority.inspections.$inspectionId.tsx"),
    route("inspections/:inspectionId/edit", "routes/a.$authority.inspections.$inspectionId.edit.tsx"),
    route("inspections/:inspectionId/source", "routes/a.$authority.inspections.$inspectionId.source.ts"),
    route("recommendations/:recommendationId", "routes/a.$authority.recommendations.$recommendationId.tsx"),
    route("recommendations/:recommendationId/edit", "routes/a.$authority.recommendations.$recommendationId.edit.tsx"),
    route("actions", "routes/a.$authority.actions._index.tsx"),
    route("actions/:actionId", "routes/a.$authority.actions.$actionId.tsx"),
    route("dashboard", "routes/a.$authority.dashboard.tsx"),
    route("audit", "routes/a.$authority.audit.tsx"),
    route("audit.csv", "routes/a.$authority.audit[.]csv.ts"),
    route("people", "routes/a.$authority.people.tsx"),
  ]),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
