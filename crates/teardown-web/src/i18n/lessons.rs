//! The lesson texts: part of the one translation table, in a file of their own for length.

/// The lesson texts (`crate::lessons`), in English and Chinese. The page fetches them when
/// the lessons are opened (`lesson_row!`, `crate::text`).
pub const LESSONS: &[(&str, &str, &str)] = &[
    // Shared answer words.
    lesson_row!("seg.fin", "A FIN", "FIN 报文段"),
    lesson_row!("seg.rst", "A RST", "RST 报文段"),
    lesson_row!("seg.ack", "An ACK", "ACK 报文段"),
    lesson_row!("st.close_wait", "CLOSE-WAIT", "CLOSE-WAIT"),
    lesson_row!("st.closed", "CLOSED", "CLOSED"),
    lesson_row!("st.closing", "CLOSING", "CLOSING"),
    lesson_row!("st.fin_wait_1", "FIN-WAIT-1", "FIN-WAIT-1"),
    lesson_row!("st.fin_wait_2", "FIN-WAIT-2", "FIN-WAIT-2"),
    lesson_row!("st.time_wait", "TIME-WAIT", "TIME-WAIT"),
    lesson_row!("yes", "Yes", "可以"),
    lesson_row!("no", "No", "不可以"),
    lesson_row!("n.two", "Two", "两个"),
    lesson_row!("n.three", "Three", "三个"),
    lesson_row!("n.four", "Four", "四个"),
    // ---- Lesson 1 ----
    lesson_row!(
        "l1.title",
        "The four-way close, step by step",
        "四次挥手，一步一步",
    ),
    lesson_row!(
        "l1.more",
        "Learn more: RFC 9293 §3.6 (Figure 12, normal close) and §3.3.2 (Figure 5, state diagram).",
        "延伸阅读：RFC 9293 §3.6（图 12，正常关闭）与 §3.3.2（图 5，状态图）。",
    ),
    lesson_row!(
        "l1.s1",
        "Both hosts are ESTABLISHED: data can flow both ways. Now the client's application calls close(): it has nothing more to send.",
        "两端都处于 ESTABLISHED，数据可以双向流动。现在客户端应用调用 close()：它没有数据要发了。",
    ),
    lesson_row!(
        "l1.s1.q",
        "What does the client send first?",
        "客户端首先发送什么？",
    ),
    lesson_row!(
        "l1.s1.fin",
        "Right. A FIN says \"I will send no more data\". It is an orderly close: data already sent is still delivered.",
        "正确。FIN 表示“我不会再发送数据了”。这是有序关闭：已发送的数据仍会送达。",
    ),
    lesson_row!(
        "l1.s1.rst",
        "A RST aborts the connection at once and throws away data in flight. close() asks for an orderly close: a FIN.",
        "RST 会立刻中止连接并丢弃途中的数据。close() 要求的是有序关闭，即 FIN。",
    ),
    lesson_row!(
        "l1.s1.ack",
        "An ACK only acknowledges what the peer sent; it cannot tell the peer that we are done. That is what FIN is for.",
        "ACK 只确认对方发来的数据，不能告诉对方“我说完了”。这正是 FIN 的作用。",
    ),
    lesson_row!(
        "l1.s2",
        "The client sent FIN (seq=1) and entered FIN-WAIT-1. It may not send data any more; its application called close(), so it reads nothing either, but its TCP still takes the server's ACK and FIN.",
        "客户端发送了 FIN（seq=1），进入 FIN-WAIT-1。它不能再发送数据；应用调用的是 close()，也不再读取数据，但它的 TCP 仍会接收服务器的 ACK 和 FIN。",
    ),
    lesson_row!(
        "l1.s2.q",
        "Which state does the server enter when this FIN arrives?",
        "这个 FIN 到达时，服务器进入哪个状态？",
    ),
    lesson_row!(
        "l1.s2.cw",
        "Right. CLOSE-WAIT: the server knows the client is done and waits for its own application to close.",
        "正确。CLOSE-WAIT：服务器知道客户端已说完，正在等待自己的应用关闭。",
    ),
    lesson_row!(
        "l1.s2.closed",
        "Not yet: the server's application may still have data to send, so the connection stays open in one direction.",
        "还没有：服务器的应用可能还有数据要发，所以连接在一个方向上仍然打开。",
    ),
    lesson_row!(
        "l1.s2.fw1",
        "FIN-WAIT-1 belongs to the side that sent a FIN. The server has only received one.",
        "FIN-WAIT-1 属于发送了 FIN 的一方。服务器只是收到了 FIN。",
    ),
    lesson_row!(
        "l1.s2.tw",
        "TIME-WAIT is entered by the side that closes first, at the very end. The server is the passive side.",
        "TIME-WAIT 由先关闭的一方在最后进入。服务器是被动关闭方。",
    ),
    lesson_row!(
        "l1.s3",
        "The server acknowledges the FIN with ack=2: a FIN consumes one sequence number, like a byte of data.",
        "服务器用 ack=2 确认 FIN：FIN 像一个字节的数据一样，占用一个序列号。",
    ),
    lesson_row!(
        "l1.s3.q",
        "Which state does the client enter when this ACK arrives?",
        "这个 ACK 到达时，客户端进入哪个状态？",
    ),
    lesson_row!(
        "l1.s3.fw2",
        "Right. FIN-WAIT-2: its FIN is acknowledged; now it waits for the server's FIN.",
        "正确。FIN-WAIT-2：它的 FIN 已被确认，现在等待服务器的 FIN。",
    ),
    lesson_row!(
        "l1.s3.tw",
        "TIME-WAIT comes only after the server's FIN. So far only one direction is closed.",
        "只有收到服务器的 FIN 之后才进入 TIME-WAIT。到目前为止只关闭了一个方向。",
    ),
    lesson_row!(
        "l1.s3.closed",
        "The server has not closed its direction yet: only its own FIN can close it.",
        "服务器还没有关闭它的方向：只有它自己的 FIN 才能关闭这个方向。",
    ),
    lesson_row!(
        "l1.s4",
        "The server's application closes. The server sends its own FIN and enters LAST-ACK: it waits for the ACK of that FIN.",
        "服务器应用关闭。服务器发送自己的 FIN，进入 LAST-ACK：等待对这个 FIN 的确认。",
    ),
    lesson_row!(
        "l1.s4.q",
        "The client receives this FIN. Which state does it enter?",
        "客户端收到这个 FIN，进入哪个状态？",
    ),
    lesson_row!(
        "l1.s4.tw",
        "Right. It sends the last ACK and waits in TIME-WAIT for 2×MSL before it forgets the connection.",
        "正确。它发送最后一个 ACK，并在 TIME-WAIT 中等待 2×MSL，然后才忘掉这个连接。",
    ),
    lesson_row!(
        "l1.s4.closed",
        "Not yet. If the last ACK is lost, the server will send its FIN again, and someone must answer it. That is TIME-WAIT's job.",
        "还不行。如果最后的 ACK 丢了，服务器会重发 FIN，总得有人回应。这就是 TIME-WAIT 的工作。",
    ),
    lesson_row!(
        "l1.s4.closing",
        "CLOSING is for a simultaneous close, when the peer's FIN arrives before our FIN was acknowledged. Here it was acknowledged.",
        "CLOSING 用于同时关闭：在我方 FIN 被确认之前收到对方 FIN。这里我方 FIN 已被确认。",
    ),
    lesson_row!(
        "l1.s5",
        "The last ACK arrives: the server is CLOSED. The client stays in TIME-WAIT; its 2×MSL timer is running.",
        "最后的 ACK 到达：服务器进入 CLOSED。客户端仍在 TIME-WAIT，2×MSL 计时器在运行。",
    ),
    lesson_row!(
        "l1.s6",
        "2×MSL later the client is CLOSED too. Four segments: FIN, ACK, FIN, ACK — one FIN and one ACK for each direction.",
        "2×MSL 之后客户端也进入 CLOSED。共四个报文段：FIN、ACK、FIN、ACK——每个方向各一个 FIN 和一个 ACK。",
    ),
    // ---- Lesson 2 ----
    lesson_row!(
        "l2.title",
        "Half-close: CLOSE-WAIT is not the end",
        "半关闭：CLOSE-WAIT 并不是终点",
    ),
    lesson_row!(
        "l2.more",
        "Learn more: RFC 9293 §3.6.1 (half-closed connections) and §3.10.4 (CLOSE call).",
        "延伸阅读：RFC 9293 §3.6.1（半关闭连接）与 §3.10.4（CLOSE 调用）。",
    ),
    lesson_row!(
        "l2.s1",
        "The client's application called shutdown(SHUT_WR): a half-close. Its FIN reached the server: CLOSE-WAIT. But the server's application still has three segments of data to send.",
        "客户端应用调用了 shutdown(SHUT_WR)：半关闭。它的 FIN 到达服务器：CLOSE-WAIT。但服务器的应用还有三段数据要发送。",
    ),
    lesson_row!(
        "l2.s1.q",
        "May the server still send data?",
        "服务器还能发送数据吗？",
    ),
    lesson_row!(
        "l2.s1.yes",
        "Right. A FIN closes one direction only. The server may send until its own application closes.",
        "正确。FIN 只关闭一个方向。在服务器自己的应用关闭之前，它仍可以发送。",
    ),
    lesson_row!(
        "l2.s1.no",
        "It may: the FIN only said the client will send no more. The server's direction is still open.",
        "可以：FIN 只表示客户端不再发送。服务器的方向仍然打开。",
    ),
    lesson_row!(
        "l2.s2",
        "The server sends its data. The ACK of the client's FIN rides on the first data segment.",
        "服务器发送数据。对客户端 FIN 的确认捎带在第一个数据段上。",
    ),
    lesson_row!(
        "l2.s2.q",
        "What does the client do with this data?",
        "客户端如何处理这些数据？",
    ),
    lesson_row!("l2.s2.a", "It receives it and ACKs it", "接收并确认"),
    lesson_row!(
        "l2.s2.a.why",
        "Right. After shutdown(SHUT_WR) the client still reads; it ACKs each segment from FIN-WAIT-2.",
        "正确。shutdown(SHUT_WR) 之后客户端仍在读取，它在 FIN-WAIT-2 中确认每一段。",
    ),
    lesson_row!("l2.s2.b", "It answers with RST", "用 RST 回应"),
    lesson_row!(
        "l2.s2.b.why",
        "That is what happens after close(): the application is gone and nobody could read the data. This client called shutdown(SHUT_WR) and still reads.",
        "调用 close() 之后才会这样：应用已离开，没有人能读取数据。这个客户端调用的是 shutdown(SHUT_WR)，仍在读取。",
    ),
    lesson_row!("l2.s2.c", "It drops it silently", "静默丢弃"),
    lesson_row!(
        "l2.s2.c.why",
        "Dropping would make the server retransmit forever. The receive direction is open, so data is accepted.",
        "丢弃会让服务器不停重传。接收方向是打开的，所以数据会被接收。",
    ),
    lesson_row!(
        "l2.s3",
        "Now the server's application is done and closes: FIN, LAST-ACK. Its FIN's seq is 301: after 3 × 100 bytes of data.",
        "现在服务器应用完成并关闭：发送 FIN，进入 LAST-ACK。FIN 的 seq 是 301：在 3×100 字节数据之后。",
    ),
    lesson_row!(
        "l2.s4",
        "Closed in both directions; the client's application called close() once it had read the server's FIN. CLOSE-WAIT lasted as long as the server's application needed.",
        "两个方向都已关闭；客户端应用读到服务器的 FIN 后调用了 close()。CLOSE-WAIT 持续的时间取决于服务器应用需要多久。",
    ),
    // ---- Lesson 3 ----
    lesson_row!(
        "l3.title",
        "Why four segments — and when three",
        "为什么是四个报文段——以及何时只要三个",
    ),
    lesson_row!(
        "l3.more",
        "Learn more: RFC 9293 §3.8.6.3 (delayed acknowledgments) and RFC 1122 §4.2.3.2.",
        "延伸阅读：RFC 9293 §3.8.6.3（延迟确认）与 RFC 1122 §4.2.3.2。",
    ),
    lesson_row!(
        "l3.s1",
        "Here the server ACKs the FIN on its own (when its 200 ms delayed-ACK timer fires) and sends its FIN only later, when its application closes. Two closes, two FINs, two ACKs: four segments.",
        "这里服务器先单独确认 FIN（在 200 ms 延迟确认计时器到期时），等自己的应用关闭后才发送 FIN。两次关闭、两个 FIN、两个 ACK：四个报文段。",
    ),
    lesson_row!(
        "l3.s2",
        "Now the server's application closes just 50 ms after the FIN arrives, while its delayed ACK is still waiting.",
        "现在服务器应用在 FIN 到达后仅 50 ms 就关闭，此时它的延迟确认还在等待。",
    ),
    lesson_row!(
        "l3.s2.q",
        "How many segments will this close take?",
        "这次关闭需要几个报文段？",
    ),
    lesson_row!(
        "l3.s2.three",
        "Right. The waiting ACK rides on the server's FIN: FIN, FIN+ACK, ACK.",
        "正确。等待中的 ACK 捎带在服务器的 FIN 上：FIN、FIN+ACK、ACK。",
    ),
    lesson_row!(
        "l3.s2.four",
        "Four when the ACK goes alone. Here the ACK is still waiting when the FIN leaves, so they travel together.",
        "ACK 单独发送时才是四个。这里 FIN 发出时 ACK 还在等待，所以它们一起发送。",
    ),
    lesson_row!(
        "l3.s2.two",
        "Each FIN needs its own acknowledgment, so the client's last ACK is still needed.",
        "每个 FIN 都需要被确认，所以客户端最后的 ACK 仍然必要。",
    ),
    lesson_row!(
        "l3.s3",
        "Three segments. The client went from FIN-WAIT-1 straight to TIME-WAIT: one segment acknowledged its FIN and carried the server's FIN.",
        "三个报文段。客户端从 FIN-WAIT-1 直接进入 TIME-WAIT：一个报文段既确认了它的 FIN，又携带了服务器的 FIN。",
    ),
    lesson_row!(
        "l3.s4",
        "What if the server holds its ACK so long that it reaches the client after the client's retransmission timeout, i.e. dack > RTO − RTT? Here the delayed ACK waits 1.5 s (beyond RFC 9293's 0.5 s limit); the client's RTO is 1 s and the RTT 200 ms.",
        "如果服务器推迟确认太久，使确认在客户端重传超时之后才到达（即 dack > RTO − RTT）会怎样？这里延迟确认等待 1.5 s（超出 RFC 9293 的 0.5 s 上限），客户端 RTO 为 1 s，RTT 为 200 ms。",
    ),
    lesson_row!("l3.s4.q", "What happens at 1 s?", "在 1 s 时会发生什么？"),
    lesson_row!(
        "l3.s4.a",
        "The client retransmits its FIN",
        "客户端重传 FIN",
    ),
    lesson_row!(
        "l3.s4.a.why",
        "Right. No ACK within the RTO looks like a loss to the client, so it sends the FIN again.",
        "正确。在 RTO 内没有收到 ACK，对客户端来说就像丢包，于是重发 FIN。",
    ),
    lesson_row!(
        "l3.s4.b",
        "The client gives up and sends RST",
        "客户端放弃并发送 RST",
    ),
    lesson_row!(
        "l3.s4.b.why",
        "It gives up only after several retransmissions. One timeout means one retransmission.",
        "只有多次重传之后才会放弃。一次超时只引起一次重传。",
    ),
    lesson_row!(
        "l3.s4.c",
        "Nothing: the client keeps waiting",
        "什么也不发生，客户端继续等待",
    ),
    lesson_row!(
        "l3.s4.c.why",
        "The client cannot know the ACK is merely late. After the RTO it must assume the FIN was lost.",
        "客户端无法知道 ACK 只是晚了。RTO 之后它必须假定 FIN 丢了。",
    ),
    lesson_row!(
        "l3.s5",
        "The duplicate FIN is ACKed at once. A delayed ACK saves segments, but held too long it costs a retransmission.",
        "重复的 FIN 会被立即确认。延迟确认能省报文段，但拖得太久反而引发重传。",
    ),
    // ---- Lesson 4 ----
    lesson_row!(
        "l4.title",
        "TIME-WAIT, reason one: the last ACK may be lost",
        "TIME-WAIT 的第一个理由：最后的 ACK 可能丢失",
    ),
    lesson_row!(
        "l4.more",
        "Learn more: RFC 9293 §3.6, §3.10.7.4 (TIME-WAIT) and §3.5.2 (reset generation).",
        "延伸阅读：RFC 9293 §3.6、§3.10.7.4（TIME-WAIT）与 §3.5.2（复位报文段的生成）。",
    ),
    lesson_row!(
        "l4.s1",
        "This is the whole close. The server is in LAST-ACK until it hears the ACK of its FIN.",
        "这是完整的关闭过程。服务器在收到对其 FIN 的确认之前一直处于 LAST-ACK。",
    ),
    lesson_row!(
        "l4.s1.q",
        "Click a segment whose loss would make the server retransmit its FIN.",
        "点击一个报文段：它丢失会让服务器重传 FIN。",
    ),
    lesson_row!(
        "l4.s1.right",
        "Right. If the server's FIN or the client's last ACK is lost, the server hears no ACK and retransmits its FIN after its RTO.",
        "正确。如果服务器的 FIN 或客户端最后的 ACK 丢失，服务器收不到确认，会在 RTO 后重传 FIN。",
    ),
    lesson_row!(
        "l4.s1.wrong",
        "That loss would make the client retransmit, or no one. Look for the segments around the server's FIN.",
        "那个报文段丢失会让客户端重传，或者不引起重传。看看服务器 FIN 前后的报文段。",
    ),
    lesson_row!(
        "l4.s2",
        "The last ACK was lost. After 1 s the server retransmits its FIN. The client is still in TIME-WAIT.",
        "最后的 ACK 丢了。1 s 后服务器重传 FIN。客户端仍处于 TIME-WAIT。",
    ),
    lesson_row!(
        "l4.s2.q",
        "What does the client do when this FIN arrives?",
        "这个 FIN 到达时，客户端会做什么？",
    ),
    lesson_row!(
        "l4.s2.a",
        "ACK it again and restart its 2×MSL timer",
        "再次确认，并重启 2×MSL 计时器",
    ),
    lesson_row!(
        "l4.s2.a.why",
        "Right. TIME-WAIT remembers the connection exactly so it can answer this FIN.",
        "正确。TIME-WAIT 之所以记住这个连接，正是为了回应这个 FIN。",
    ),
    lesson_row!(
        "l4.s2.b",
        "Ignore it: the connection is over",
        "忽略：连接已经结束了",
    ),
    lesson_row!(
        "l4.s2.b.why",
        "Then the server would retransmit until it gives up, and end with an error instead of a clean close.",
        "那样服务器会一直重传直到放弃，以错误而不是正常关闭结束。",
    ),
    lesson_row!("l4.s2.c", "Answer with RST", "用 RST 回应"),
    lesson_row!(
        "l4.s2.c.why",
        "A RST is what a host without TIME-WAIT sends. The server would see an error. TIME-WAIT can do better.",
        "没有 TIME-WAIT 的主机才会发送 RST，服务器会看到错误。TIME-WAIT 能做得更好。",
    ),
    lesson_row!(
        "l4.s3",
        "The second ACK got through: the server is CLOSED cleanly, and the client's TIME-WAIT ran 2×MSL from its last ACK.",
        "第二个 ACK 送达：服务器正常进入 CLOSED，客户端的 TIME-WAIT 从最后一个 ACK 起计满 2×MSL。",
    ),
    lesson_row!(
        "l4.s4",
        "The same loss, with TIME-WAIT switched off: the client forgot the connection as soon as it sent its last ACK.",
        "同样的丢包，但关闭 TIME-WAIT：客户端在发出最后的 ACK 后立即忘掉了连接。",
    ),
    lesson_row!(
        "l4.s4.q",
        "What answers the retransmitted FIN now?",
        "现在由什么来回应重传的 FIN？",
    ),
    lesson_row!(
        "l4.s4.rst",
        "Right. A segment for a connection that does not exist is answered with RST.",
        "正确。发给不存在连接的报文段会收到 RST。",
    ),
    lesson_row!(
        "l4.s4.ack",
        "Only a host that still remembers the connection can ACK it. This one has forgotten.",
        "只有仍记得连接的主机才能确认它。这台主机已经忘了。",
    ),
    lesson_row!("l4.s4.nothing", "Nothing", "什么也没有"),
    lesson_row!(
        "l4.s4.nothing.why",
        "A closed port answers with RST, so the server hears something — but it is an error.",
        "关闭的端口会以 RST 回应，所以服务器会收到回应——但那是一个错误。",
    ),
    lesson_row!(
        "l4.s5",
        "The server got RST instead of an ACK: its application sees \"connection reset\" although both sides closed normally.",
        "服务器收到的是 RST 而不是 ACK：尽管双方都正常关闭，它的应用却看到“连接被重置”。",
    ),
    // ---- Lesson 5 ----
    lesson_row!(
        "l5.title",
        "TIME-WAIT, reason two: old segments and a new connection",
        "TIME-WAIT 的第二个理由：旧报文段与新连接",
    ),
    lesson_row!(
        "l5.more",
        "Learn more: RFC 9293 §3.4.1–§3.4.3 (sequence numbers, MSL, quiet time) and RFC 6528.",
        "延伸阅读：RFC 9293 §3.4.1–§3.4.3（序列号、MSL、静默时间）与 RFC 6528。",
    ),
    lesson_row!(
        "l5.s1",
        "TIME-WAIT is off. The client half-closed with shutdown(SHUT_WR), read the server's data, closed, and at once opens a new connection on the same ports. Meanwhile a copy of the server's data segment is still wandering in the network.",
        "TIME-WAIT 已关闭。客户端用 shutdown(SHUT_WR) 半关闭，读完服务器的数据后关闭，并立即在相同端口上建立新连接。与此同时，服务器数据段的一个副本仍在网络中游荡。",
    ),
    lesson_row!(
        "l5.s2",
        "The new connection is ESTABLISHED. Its sequence numbers happen to start where the old ones did.",
        "新连接已建立（ESTABLISHED）。它的序列号恰好从旧连接的位置开始。",
    ),
    lesson_row!(
        "l5.s2.q",
        "The old copy is about to arrive. What will the new connection do with it?",
        "旧副本即将到达，新连接会如何处理它？",
    ),
    lesson_row!("l5.s2.a", "Accept it as new data", "把它当作新数据接收"),
    lesson_row!(
        "l5.s2.a.why",
        "Right, sadly: same addresses, same ports, a sequence number inside the window. TCP cannot tell it is old. The data is corrupted.",
        "很遗憾，正确：相同的地址、相同的端口、序列号落在窗口内，TCP 无法判断它是旧的。数据被破坏了。",
    ),
    lesson_row!("l5.s2.b", "Reject it as a duplicate", "作为重复报文段拒绝"),
    lesson_row!(
        "l5.s2.b.why",
        "It would be rejected only if its sequence number fell outside the new window. Here it fits.",
        "只有序列号落在新窗口之外时才会被拒绝。这里它恰好落在窗口内。",
    ),
    lesson_row!("l5.s2.c", "Reset the connection", "重置连接"),
    lesson_row!(
        "l5.s2.c.why",
        "Nothing in the segment looks wrong to the new connection, so there is no reason to reset.",
        "在新连接看来这个报文段没有任何问题，所以没有理由重置。",
    ),
    lesson_row!(
        "l5.s3",
        "The old segment was accepted: the new connection's data is corrupt. This is the danger TIME-WAIT exists to prevent.",
        "旧报文段被接收：新连接的数据被破坏。这正是 TIME-WAIT 要防止的危险。",
    ),
    lesson_row!(
        "l5.s4",
        "With TIME-WAIT the ports stay reserved for 2×MSL. The old copy arrives during TIME-WAIT and is discarded; by the time the new connection opens, every old segment has died.",
        "有了 TIME-WAIT，端口会保留 2×MSL。旧副本在 TIME-WAIT 期间到达并被丢弃；等新连接建立时，所有旧报文段都已消亡。",
    ),
    // ---- Lesson 6 ----
    lesson_row!(
        "l6.title",
        "Why 2×MSL, not 1×MSL",
        "为什么是 2×MSL 而不是 1×MSL",
    ),
    lesson_row!(
        "l6.more",
        "Learn more: RFC 9293 §3.4.2 and §3.6; RFC 793 §3.3 (MSL = 2 minutes).",
        "延伸阅读：RFC 9293 §3.4.2 与 §3.6；RFC 793 §3.3（MSL = 2 分钟）。",
    ),
    lesson_row!(
        "l6.s1",
        "The client sent its last ACK and entered TIME-WAIT. MSL is the longest time a segment may live in the network.",
        "客户端发出最后的 ACK，进入 TIME-WAIT。MSL 是报文段在网络中能存活的最长时间。",
    ),
    lesson_row!(
        "l6.s1.q",
        "Why wait two MSL and not one?",
        "为什么要等两个 MSL，而不是一个？",
    ),
    lesson_row!(
        "l6.s1.a",
        "One MSL for the ACK to go, one for a retransmitted FIN to come back",
        "一个 MSL 给 ACK 过去，一个 MSL 给重传的 FIN 回来",
    ),
    lesson_row!(
        "l6.s1.a.why",
        "Right. In the worst case the ACK is lost at the end of its life, and the peer's retransmitted FIN takes up to another MSL to arrive.",
        "正确。最坏情况下 ACK 在其寿命末尾丢失，而对方重传的 FIN 还需要最多一个 MSL 才能到达。",
    ),
    lesson_row!(
        "l6.s1.b",
        "Because both hosts must wait",
        "因为两台主机都要等待",
    ),
    lesson_row!(
        "l6.s1.b.why",
        "Only the side that closes first waits in TIME-WAIT. The two MSLs are for the two directions of one round trip.",
        "只有先关闭的一方在 TIME-WAIT 中等待。两个 MSL 对应一次往返的两个方向。",
    ),
    lesson_row!(
        "l6.s1.c",
        "It is an arbitrary safety margin",
        "这只是一个随意的安全余量",
    ),
    lesson_row!(
        "l6.s1.c.why",
        "It is not arbitrary: it covers exactly one trip out and one trip back, each at most one MSL.",
        "并不随意：它正好覆盖一次去程和一次回程，每一程最多一个 MSL。",
    ),
    lesson_row!(
        "l6.s2",
        "The retransmitted FIN arrives, still inside TIME-WAIT: the client can answer it. With a shorter wait it might already have forgotten.",
        "重传的 FIN 在 TIME-WAIT 内到达，客户端可以回应。如果等待更短，它可能已经忘了这个连接。",
    ),
    lesson_row!(
        "l6.s3",
        "The wait restarted from the second ACK and lasted a full 2×MSL after it. Look at the TIME-WAIT bracket on the ladder.",
        "等待从第二个 ACK 开始重新计时，并在其后持续完整的 2×MSL。请看时序图上的 TIME-WAIT 括号。",
    ),
    // ---- Lesson 7 ----
    lesson_row!("l7.title", "Simultaneous close", "同时关闭"),
    lesson_row!(
        "l7.more",
        "Learn more: RFC 9293 §3.6 (Figure 13, simultaneous close).",
        "延伸阅读：RFC 9293 §3.6（图 13，同时关闭）。",
    ),
    lesson_row!(
        "l7.s1",
        "Both applications close at the same moment. Both hosts send FIN and enter FIN-WAIT-1; the FINs cross in the network.",
        "两端应用同时关闭。两台主机都发送 FIN 并进入 FIN-WAIT-1，两个 FIN 在网络中交错而过。",
    ),
    lesson_row!(
        "l7.s1.q",
        "Each host receives the other's FIN before its own was acknowledged. Which state does it enter?",
        "每台主机在自己的 FIN 被确认之前收到了对方的 FIN。它进入哪个状态？",
    ),
    lesson_row!(
        "l7.s1.closing",
        "Right. CLOSING: both directions are closing and each waits for the ACK of its own FIN.",
        "正确。CLOSING：两个方向都在关闭，各自等待对自己 FIN 的确认。",
    ),
    lesson_row!(
        "l7.s1.cw",
        "CLOSE-WAIT is for a host that received a FIN without having sent one. Both have sent one.",
        "CLOSE-WAIT 属于收到 FIN 但自己尚未发送 FIN 的主机。这里两端都已发送。",
    ),
    lesson_row!(
        "l7.s1.tw",
        "TIME-WAIT needs the ACK of our own FIN too. It has not arrived yet.",
        "进入 TIME-WAIT 还需要收到对自己 FIN 的确认，它还没有到。",
    ),
    lesson_row!(
        "l7.s2",
        "The ACKs arrive: both hosts go from CLOSING to TIME-WAIT. Both wait 2×MSL — there is no passive side.",
        "确认到达：两台主机都从 CLOSING 进入 TIME-WAIT。两端都要等待 2×MSL——这里没有被动关闭方。",
    ),
    lesson_row!(
        "l7.s3",
        "The FINs cross whenever the second close comes sooner than one link delay after the first (here 50 ms < 100 ms).",
        "只要第二次关闭早于第一次关闭后一个链路时延（这里 50 ms < 100 ms），两个 FIN 就会交错。",
    ),
    // ---- Lesson 8 ----
    lesson_row!(
        "l8.title",
        "Beyond the basics: RST, orphans, giving up, real stacks",
        "进阶：RST、孤儿连接、放弃重传与真实协议栈",
    ),
    lesson_row!(
        "l8.more",
        "Learn more: RFC 9293 §3.5.2–§3.5.3 (resets), §3.10.5 (ABORT), §3.8.1 and RFC 6298 (retransmission timer); Linux tcp(7): tcp_fin_timeout, tcp_orphan_retries.",
        "延伸阅读：RFC 9293 §3.5.2–§3.5.3（复位）、§3.10.5（ABORT）、§3.8.1 与 RFC 6298（重传计时器）；Linux tcp(7)：tcp_fin_timeout、tcp_orphan_retries。",
    ),
    lesson_row!(
        "l8.s1",
        "The client aborts instead of closing — as when it closes with unread data, or with SO_LINGER set to 0. It sends RST and is CLOSED at once.",
        "客户端不是关闭而是中止——例如关闭时还有未读数据，或设置了 SO_LINGER 为 0。它发送 RST 并立即进入 CLOSED。",
    ),
    lesson_row!(
        "l8.s1.q",
        "What does the server do when the RST arrives?",
        "RST 到达时服务器会怎样？",
    ),
    lesson_row!(
        "l8.s1.a",
        "Close at once, without any ACK",
        "立即关闭，不发送任何 ACK",
    ),
    lesson_row!(
        "l8.s1.a.why",
        "Right. A RST is never acknowledged; the connection is gone, and data in flight is lost. No TIME-WAIT either.",
        "正确。RST 从不被确认；连接立即消失，途中的数据丢失，也没有 TIME-WAIT。",
    ),
    lesson_row!(
        "l8.s1.b",
        "ACK it and enter CLOSE-WAIT",
        "确认它并进入 CLOSE-WAIT",
    ),
    lesson_row!(
        "l8.s1.b.why",
        "That is the reaction to a FIN. A RST ends the connection immediately.",
        "那是对 FIN 的反应。RST 会立即结束连接。",
    ),
    lesson_row!("l8.s1.c", "Enter TIME-WAIT", "进入 TIME-WAIT"),
    lesson_row!(
        "l8.s1.c.why",
        "TIME-WAIT follows an orderly close. After a RST there is nothing left to protect.",
        "TIME-WAIT 出现在有序关闭之后。RST 之后已没有需要保护的东西。",
    ),
    lesson_row!(
        "l8.s2",
        "Here the server's application never closes in time. The client's application already called close(), so the socket is an orphan: Linux gives up FIN-WAIT-2 after tcp_fin_timeout (60 s by default; 1 s here).",
        "这里服务器应用迟迟不关闭。客户端应用已经调用 close()，套接字成了孤儿：Linux 在 tcp_fin_timeout（默认 60 s，这里 1 s）后放弃 FIN-WAIT-2。",
    ),
    lesson_row!(
        "l8.s3",
        "When the server finally sends its FIN, the client has forgotten the connection and answers with RST.",
        "当服务器终于发送 FIN 时，客户端已忘掉连接，于是用 RST 回应。",
    ),
    lesson_row!(
        "l8.s4",
        "Every segment is lost. Each host retransmits its FIN, doubling the timeout each time: 1 s, 2 s, 4 s, 8 s, 16 s…",
        "所有报文段都丢失了。每台主机都重传 FIN，每次超时时间加倍（指数退避）：1 s、2 s、4 s、8 s、16 s……",
    ),
    lesson_row!(
        "l8.s4.q",
        "Does it retransmit forever?",
        "它会永远重传下去吗？",
    ),
    lesson_row!(
        "l8.s4.a",
        "No: after a limit it aborts with RST",
        "不会：达到上限后以 RST 中止",
    ),
    lesson_row!(
        "l8.s4.a.why",
        "Right. After 5 retransmissions (63 s here) the host gives up, sends RST and is CLOSED. Linux's limits are tcp_retries2 and tcp_orphan_retries, and Linux gives up silently: no RST; an application still holding the socket gets ETIMEDOUT.",
        "正确。重传 5 次（这里共 63 s）后主机放弃，发送 RST 并进入 CLOSED。Linux 的上限是 tcp_retries2 与 tcp_orphan_retries，而且 Linux 静默放弃：不发 RST；仍持有套接字的应用收到 ETIMEDOUT。",
    ),
    lesson_row!(
        "l8.s4.b",
        "Yes, until the network recovers",
        "会，直到网络恢复",
    ),
    lesson_row!(
        "l8.s4.b.why",
        "A host cannot wait forever for a peer that may be gone: the retransmission count is bounded.",
        "主机不能永远等待一个可能已经消失的对端：重传次数是有上限的。",
    ),
    lesson_row!(
        "l8.s4.c",
        "No: it gives up after the first timeout",
        "不会：第一次超时就放弃",
    ),
    lesson_row!(
        "l8.s4.c.why",
        "One loss is common; giving up at once would break connections needlessly. It retries several times first.",
        "单次丢包很常见，立即放弃会无谓地断开连接。它会先重试多次。",
    ),
    lesson_row!(
        "l8.s5",
        "Real stacks: RFC 793 set MSL to 2 minutes (TIME-WAIT 4 min); Linux keeps TIME-WAIT for 60 s and tcp_fin_timeout is 60 s; Windows' TcpTimedWaitDelay defaults to 120 s. This run uses MSL = 30 s (FreeBSD's): TIME-WAIT = 2×MSL = 60 s, as long as Linux's fixed 60 s.",
        "真实协议栈：RFC 793 规定 MSL 为 2 分钟（TIME-WAIT 4 分钟）；Linux 的 TIME-WAIT 为 60 s，tcp_fin_timeout 为 60 s；Windows 的 TcpTimedWaitDelay 默认 120 s。本例使用 MSL = 30 s（FreeBSD 的值）：TIME-WAIT = 2×MSL = 60 s，与 Linux 固定的 60 s 一样长。",
    ),
];
