"""The reply tree in the thread view (reader.view.tree, reader.view.thread_view): subtree
ranges, folds, jumps along the tree, context for sorted and filtered views, the lines of
replies not saved, search into folds and the tree's summary."""

from __future__ import annotations

from reader.model import Comment
from reader.view.thread_view import CommentFilter, ThreadView
from reader.view.tree import NO_COMMENT, ThreadTree, without_folded


def _reply(cid: str, author: str, parent: str | None, depth: int, text: str = "",
           **fields: object) -> Comment:
    return Comment(cid, author, "", text or f"text of {cid}", parent=parent, depth=depth,
                   **fields)  # type: ignore[arg-type]


# a0
#   a1
#     a2   (2 replies not saved)
#   a3
# b4
#   b5
# c6       (the article has 5 not saved in all: 3 at the top level)
COMMENTS = (
    _reply("a0", "Ann", None, 0, "Harbour at last", likes=5),
    _reply("a1", "Bob", "a0", 1, "Why now?", likes=1),
    _reply("a2", "Ann", "a1", 2, "Because of the ferry", replies_not_saved=2, likes=9),
    _reply("a3", "Cy", "a0", 1, "Too dear", likes=7),
    _reply("b4", "", None, 0, "", status="deleted"),
    _reply("b5", "Dee", "b4", 1, "What did they say?", likes=3),
    _reply("c6", "Eve", None, 0, "Old ferry", likes=2),
)


def _view(**kwargs: object) -> ThreadView:
    return ThreadView(COMMENTS, analysers=(), **kwargs)  # type: ignore[arg-type]


def test_the_tree_knows_parents_depths_subtrees_and_siblings() -> None:
    tree = ThreadTree(COMMENTS)
    assert list(tree.parent) == [NO_COMMENT, 0, 1, 0, NO_COMMENT, 4, NO_COMMENT]
    assert list(tree.end) == [4, 3, 3, 4, 6, 6, 7]
    assert tree.roots == [0, 4, 6]
    assert [tree.replies(p) for p in range(7)] == [3, 1, 0, 0, 1, 0, 0]
    assert tree.next_sibling(1) == 3 and tree.next_sibling(3) == NO_COMMENT
    assert tree.next_sibling(0) == 4 and tree.previous_sibling[4] == 0
    assert tree.root_of(2) == 0 and tree.next_root(2, 1) == 4 and tree.next_root(0, -1) == -1
    assert not tree.is_flat and ThreadTree(COMMENTS[:1]).is_flat


def test_a_reply_whose_parent_is_missing_or_later_is_taken_as_top_level() -> None:
    broken = (_reply("x", "A", "nowhere", 1), _reply("y", "B", "z", 1), _reply("z", "C", None, 0))
    tree = ThreadTree(broken)
    assert tree.roots == [0, 1, 2] and list(tree.end) == [1, 2, 3]
    closed = (_reply("p", "A", None, 0), _reply("q", "B", None, 0), _reply("r", "C", "p", 1))
    assert ThreadTree(closed).roots == [0, 1, 2]  # p's subtree closed before r


def test_without_folded_drops_each_folds_range_once() -> None:
    end = ThreadTree(COMMENTS).end
    assert without_folded(list(range(7)), [0], end) == [0, 4, 5, 6]
    assert without_folded(list(range(7)), [1, 0], end) == [0, 4, 5, 6]  # 1 is inside 0
    assert without_folded([1, 2, 3, 5, 6], [0, 4], end) == [1, 2, 3, 5, 6]  # folds not shown


def test_fold_hides_the_subtree_and_unfold_restores_it_with_inner_folds_kept() -> None:
    view = _view()
    assert view.toggle_fold(1) is None
    assert view.rows == [0, 1, 3, 4, 5, 6] and view.folded == {1}
    assert view.toggle_fold(0) is None and view.rows == [0, 4, 5, 6]
    assert view.folded_away() == 3
    assert view.toggle_fold(0) is None
    assert view.rows == [0, 1, 3, 4, 5, 6]  # a1 still folded inside
    assert view.toggle_fold(1) is None and view.rows == list(range(7))
    assert view.toggle_fold(2) == "This comment has no replies to collapse."


def test_collapse_all_keeps_the_top_level_and_expand_all_restores() -> None:
    view = _view()
    view.toggle_fold(1)
    assert view.fold_all() is None
    assert view.rows == [0, 4, 6] and view.folded == {0, 4}
    assert view.unfold_all() is None and view.rows == list(range(7))
    assert view.unfold_all() == "No replies are collapsed."


def test_folds_apply_in_thread_order_only_and_come_back_with_it() -> None:
    view = _view()
    view.fold_all()
    view.set_sort("likes")
    assert len(view.rows) == 7
    assert view.toggle_fold(0) == "Replies fold in thread order only: s cycles back to it."
    view.set_sort("thread")
    assert view.rows == [0, 4, 6]


def test_a_filter_and_folds_together() -> None:
    view = _view()
    view.set_filter(CommentFilter.where(author={"ann", "cy", "dee", "eve"}))
    assert view.rows == [0, 2, 3, 5, 6]
    view.toggle_fold(0)
    assert view.rows == [0, 5, 6]
    view.toggle_fold(0)
    assert view.rows == [0, 2, 3, 5, 6]


def test_jumps_to_parent_siblings_and_top_level_comments() -> None:
    view = _view()
    assert view.parent_row(2) == 1 and view.parent_row(1) == 0
    assert view.parent_row(0) == "This comment replies to the article itself."
    assert view.sibling_row(1, 1) == 3 and view.sibling_row(3, -1) == 1
    assert view.sibling_row(3, 1) == "No next reply to the same comment."
    assert view.sibling_row(0, 1) == 4 and view.sibling_row(4, 1) == 6
    assert view.top_level_row(2, 1) == 4 and view.top_level_row(5, 1) == 6
    assert view.top_level_row(2, -1) == 0  # first back to the start of its own thread
    assert view.top_level_row(4, -1) == 0
    assert view.top_level_row(6, 1) == "No next top-level comment shown."


def test_jumps_skip_what_the_filter_hides_and_say_so() -> None:
    view = _view()
    view.set_filter(CommentFilter.where(author={"ann", "cy", "eve"}))
    assert view.rows == [0, 2, 3, 6]
    assert view.parent_row(1) == "Its parent is not shown by the filter."
    assert view.top_level_row(0, 1) == 3  # b4 is filtered out: on to c6


def test_jumps_in_a_sorted_view_find_the_comment_wherever_it_stands() -> None:
    view = _view()
    view.set_sort("likes")
    row = view.row_of("a2")
    assert row == 0
    parent = view.parent_row(0)
    assert isinstance(parent, int) and view.comment_at(parent).id == "a1"


def test_context_is_named_where_the_view_breaks_the_tree() -> None:
    view = _view()
    assert not any(view.needs_context(row) for row in range(7))  # indentation says it
    view.set_filter(CommentFilter.where(author={"ann", "dee"}))
    shown = {view.comment_at(row).id: view.needs_context(row) for row in range(len(view.rows))}
    assert shown == {"a0": False, "a2": True, "b5": True}
    view.set_filter(CommentFilter())
    view.set_sort("likes")
    assert {view.comment_at(row).id for row in range(7) if view.needs_context(row)} == {
        "a1", "a2", "a3", "b5"
    }
    parent = view.parent_of(COMMENTS[5])
    assert parent is not None and parent.status == "deleted"


def test_submitters_are_the_article_authors_and_placeholders_never_are() -> None:
    view = _view(submitters=("Ann", ""))
    assert [view.is_submitter(c) for c in COMMENTS] == [True, False, True, False, False,
                                                        False, False]


def test_lines_of_replies_not_saved_follow_the_last_reply_shown() -> None:
    view = _view(replies_not_saved=5)
    assert view.not_saved_rows() == [(2, 3, 2), (6, 0, 3)]
    view.toggle_fold(1)
    assert view.not_saved_rows() == [(5, 0, 3)]  # a2 folded away with its line
    view.set_sort("likes")
    assert view.not_saved_rows() == []


def test_a_search_match_inside_a_fold_expands_it() -> None:
    view = _view()
    view.fold_all()
    row = view.find("ferry", 0)
    assert row is not None and view.comment_at(row).id == "a2"
    assert view.folded == {4} and view.rows == [0, 1, 2, 3, 4, 6]
    view.fold_all()
    assert view.find("harbour", -1) == 0  # from the top, the first row itself
    assert view.folded_matching("") == 4
    assert view.folded_matching("ferry") == 1  # a2 folded away; c6 shown


def test_the_summary_counts_depths_the_longest_chain_and_most_replied() -> None:
    summary = _view(replies_not_saved=5).summary()
    tree = summary.tree
    assert tree is not None
    assert tree.per_depth == (3, 3, 1)
    assert [c.id for c in tree.longest_chain] == ["a0", "a1", "a2"]
    assert [(c.id, replies, direct) for c, replies, direct in tree.most_replied] == [
        ("a0", 3, 2), ("a1", 1, 1), ("b4", 1, 1)
    ]
    assert tree.replies_not_saved == 5


def test_a_flat_page_has_no_tree_summary_and_never_builds_the_tree() -> None:
    flat = ThreadView([Comment("c0", "A", "", "x"), Comment("c1", "B", "", "y")], analysers=())
    assert flat.summary().tree is None
    assert flat._tree is None
    assert flat.not_saved_rows() == [] and flat.row_of("c1") == 1
    assert flat._tree is None
