"""The ranking rule (红黑榜): a weighted score of three rates, ties broken as the page says."""

from cases.selectors.statistics import Board, FigureRow, rank, rank_score


def unit(name, **counts):
    row = FigureRow(office=name)
    row.counts.update(counts)
    return row


def test_the_score_weighs_on_time_four_tenths_resolution_and_satisfaction_three_tenths_each():
    row = unit("甲", orders_due=10, orders_on_time=5, callbacks_reached=4, callbacks_solved=4,
               rated_satisfied=1, rated_dissatisfied=1)
    assert rank_score(row) == 0.4 * 50 + 0.3 * 100 + 0.3 * 50


def test_a_rate_with_nothing_to_count_is_left_out_and_the_others_scaled_up():
    assert rank_score(unit("甲", orders_due=4, orders_on_time=3)) == 75.0
    assert rank_score(unit("乙", orders_due=4, orders_on_time=2, rated_very_satisfied=1)) == round((0.4 * 50 + 0.3 * 100) / 0.7, 2)


def test_a_unit_with_no_rate_is_not_ranked():
    ranked, unranked = rank([unit("甲", registered=9), unit("乙", orders_due=1, orders_on_time=1)])
    assert [item.figures.office for item in ranked] == ["乙"] and [row.office for row in unranked] == ["甲"]


def test_equal_scores_go_to_satisfaction_then_on_time_then_fewer_returns_then_the_name():
    a = unit("三局", orders_due=2, orders_on_time=1, orders_returned=3)
    b = unit("二局", orders_due=2, orders_on_time=1, orders_returned=1)
    c = unit("一局", orders_due=2, orders_on_time=1, orders_returned=1)
    d = unit("四局", orders_due=2, orders_on_time=1, rated_satisfied=1, rated_dissatisfied=1)  # same score, satisfaction 50
    assert rank_score(a) == rank_score(b) == rank_score(c) == rank_score(d) == 50.0
    ranked, _ = rank([a, b, c, d])
    assert [item.figures.office for item in ranked] == ["四局", "一局", "二局", "三局"]
    assert [item.rank for item in ranked] == [1, 2, 3, 4]


def test_the_lists_hold_three_at_most_and_never_the_same_unit():
    rows = [unit(f"单位{n}", orders_due=10, orders_on_time=n) for n in range(8)]
    board = Board(*rank(rows))
    assert [item.figures.office for item in board.red] == ["单位7", "单位6", "单位5"]
    assert [item.figures.office for item in board.black] == ["单位0", "单位1", "单位2"]
    small = Board(*rank(rows[:3]))
    assert len(small.red) == len(small.black) == 1
    assert Board(*rank(rows[:1])).red == [] and Board(*rank(rows[:1])).black == []
