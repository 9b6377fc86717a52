"""The demo's people: valid ID numbers, and the citizens of the simple consultations."""

import datetime

from django.utils import timezone


def id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """A valid 18-character ID number (GB 11643: weighted sum modulo 11 gives the check character).

    The sequence's last digit is odd for men and even for women, as on real cards.
    """
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def years_ago(years: int, month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year - years, month, day)


FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀兰", "霞", "平", "刚", "桂英", "玉兰", "建华", "建国", "志强", "春梅", "海燕", "淑珍", "国庆", "红梅",
         "立新", "雪", "宇", "凤英", "德胜", "玉珍", "长林", "文斌", "晓东", "丽娟", "永明", "福山", "宏伟", "桂芳"]


class People:
    """Distinct citizens of one office: a new name, birth date and ID number each time,
    and now and then someone who came before comes back (repeated reporters)."""

    def __init__(self, region: str, seed: int):
        self.region = region
        self.seed = seed
        self.met: list[tuple[str, str]] = []
        self._n = 0

    def new(self) -> tuple[str, str]:
        n = self._n = self._n + 1
        # Strides coprime with the pools' sizes: consecutive people share neither name.
        name = FAMILY[(n * 7 + self.seed) % len(FAMILY)] + GIVEN[(n * 11 + self.seed * 3) % len(GIVEN)]
        birth = datetime.date(1950 + (n * 13 + self.seed) % 52, 1 + n % 12, 1 + (n * 5) % 28)
        person = (name, id_number(self.region, birth, 100 + (n * 17 + self.seed) % 800))
        self.met.append(person)
        return person

    def again(self, which: int) -> tuple[str, str]:
        """Someone who reported before (the `which`-th person met, counted from the first)."""
        return self.met[which % len(self.met)] if self.met else self.new()
