#include "Core/FeedPointer.h"

#include "Core/Error.h"

#include <gtest/gtest.h>

namespace earshot
{
    TEST (FeedPointerTest, AnInfoHashIsPointedToAsBep46sDictionaryAndReadBack)
    {
        const std::string hash (20, '\x07');
        EXPECT_EQ (feedPointer::encode (hash), "d2:ih20:" + hash + "e");
        EXPECT_EQ (feedPointer::decode (feedPointer::encode (hash)), hash);
        EXPECT_THROW ((void) feedPointer::encode ("short"), Error);
    }

    TEST (FeedPointerTest, AnythingButTheDictionaryOfOneTwentyByteInfoHashIsNotAPointer)
    {
        const std::string hash (20, 'a');
        EXPECT_FALSE (feedPointer::decode ("").has_value());
        EXPECT_FALSE (feedPointer::decode ("d2:ih19:" + hash.substr (1) + "e").has_value());
        EXPECT_FALSE (feedPointer::decode ("d2:ih32:" + std::string (32, 'a') + "e").has_value());
        EXPECT_FALSE (feedPointer::decode ("d2:ik20:" + hash + "e").has_value());
        EXPECT_FALSE (feedPointer::decode ("d2:ih20:" + hash + "ee").has_value());
        EXPECT_FALSE (feedPointer::decode ("d2:ih20:" + hash + "1:xi1ee").has_value());
        EXPECT_FALSE (feedPointer::decode ("l20:" + hash + "e").has_value());
        EXPECT_FALSE (feedPointer::decode ("i42e").has_value());
    }
} // namespace earshot
