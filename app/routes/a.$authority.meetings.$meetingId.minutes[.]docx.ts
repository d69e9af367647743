import type { Route } from "./+types/a.$authority.meetings.$meetingId.minutes[.]docx";
import { meetingOfRoute } from "~/modules/board/meeting-route.server";
import { downloadResponse } from "~/utils/download.server";
import { minutesDocx } from "~/modules/board/minutes-docx.server";
import { minutesData } from "~/modules/board/service.server";

/** The minutes as an accessible Word document, from the same data as the minutes page. */
export async function loader(args: Route.LoaderArgs) {
  const { request } = await meetingOfRoute(args);
  const data = await minutesData(request);
  const bytes = await minutesDocx(data);
  const name = `minutes-${data.boardName.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${data.meeting.scheduledAt.slice(0, 10)}.docx`;
  return downloadResponse(new Uint8Array(bytes), {
    fileName: name,
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    sizeBytes: bytes.length,
  });
}
