import type { Route } from "./+types/a.$authority.meetings.$meetingId.minutes[.]docx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { downloadResponse } from "~/utils/download.server";
import { minutesDocx } from "~/modules/board/minutes-docx.server";
import { minutesData } from "~/modules/board/service.server";

/** The minutes as an accessible Word document, from the same data as the minutes page. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const data = await minutesData({
    authorityId: user.authority.id,
    meetingId: args.params.meetingId,
    viewer: actorOf(user),
  });
  const bytes = await minutesDocx(data);
  const name = `minutes-${data.boardName.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${data.meeting.scheduledAt.slice(0, 10)}.docx`;
  return downloadResponse(new Uint8Array(bytes), {
    fileName: name,
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    sizeBytes: bytes.length,
  });
}
